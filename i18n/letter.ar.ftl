# The activation letter (ar), which the server prints; the app does not load this file.
# Placeholders: $name, $brand, $office, $code, $origin, $expires, $valid (the server fills them in).

letter-subtitle = رسالة تفعيل البطاقة
letter-demo = نسخة تجريبية – ليست بطاقة حقيقية
letter-demo-short = تجريبي
letter-greeting = مرحبًا { $name }!
letter-intro = هذه بطاقة الأنشطة { $brand } الخاصة بك. تمنحك البطاقة دخولًا مجانيًا إلى الأنشطة الثقافية والرياضية في بيرغن. ويمكنك في الفعاليات العامة أيضًا اصطحاب مرافق واحد مجانًا.
letter-code-heading = رمز التفعيل الخاص بك
letter-code-once = يعمل الرمز مرة واحدة فقط، ويجب استخدامه في موعد أقصاه { $expires }.
letter-card-valid = البطاقة صالحة حتى نهاية يوم { $valid }.
letter-qr-label = رمز QR لتفعيل البطاقة
letter-qr-caption = امسحه من داخل التطبيق
letter-how-heading = كيف تفعّل البطاقة
letter-step-open = افتح التطبيق على هاتفك. تجده على العنوان { $origin }.
letter-step-add = اختر «إضافة بطاقة».
letter-step-code-or-qr = اكتب الرمز { $code } أو امسح رمز QR.
letter-step-code = اكتب الرمز { $code }.
letter-good-to-know = معلومات مفيدة
letter-several = يمكن حفظ بطاقات عدة أطفال على الهاتف نفسه.
letter-lost = هل فقدت هاتفك؟ تواصل مع { $office } لتحصل على رسالة جديدة. عندها تتوقف البطاقة عن العمل على الهاتف القديم.
letter-private = احتفظ بهذه الرسالة لنفسك، فأي شخص لديه الرمز يستطيع تفعيل البطاقة مرة واحدة.
letter-questions = هل لديك أسئلة؟

# العربية (Arabic), written right to left. To be reviewed by a native speaker before release.
app-name = Aktivitetskortet
nav-label = القائمة الرئيسية
nav-card = البطاقة
nav-offers = العروض
nav-favourites = المفضلة
nav-settings = الإعدادات
offline-badge = بدون إنترنت
loading = جارٍ الفتح …
offers-loading = جارٍ فتح العروض …

## Saving on this phone
store-elsewhere = Aktivitetskortet مفتوح في علامة تبويب أو نافذة أخرى. يمكن فتحه في مكان واحد فقط في كل مرة حتى لا يضيع شيء.
store-use-here = استخدمه هنا
store-save-failed = لم يُحفظ التغيير على الهاتف بعد. سنحاول مرة أخرى. إذا استمر الفشل، فأفرغ بعض المساحة.
store-set-aside-damaged = تعذّرت قراءة ما كان محفوظًا في التطبيق. وُضع جانبًا ولم يُحذف. أضف بطاقتك مرة أخرى؛ وإذا احتجت إلى رمز جديد فاسأل حيث حصلت على البطاقة.
store-set-aside-newer = ما كان محفوظًا في التطبيق من إصدار أحدث. وُضع جانبًا ولم يُحذف. أعد تحميل الصفحة للحصول على الإصدار الجديد.
store-reload = إعادة التحميل
store-dismiss = إغلاق

## The card
card-title = بطاقتي
card-empty = ستظهر بطاقتك هنا.
card-empty-help = أضف بطاقتك باستخدام رمز التفعيل الموجود في الرسالة التي وصلتك من بلدية بيرغن.
card-placeholder-label = مكان بطاقة الأنشطة
card-add = إضافة بطاقة
card-add-another = إضافة بطاقة أخرى
card-switcher-label = اختر البطاقة التي تظهر
card-issuer = بلدية بيرغن
card-age = العمر: { $age }
card-qr-label = رمز QR لبطاقة { $name }. اعرضه على الشخص الذي يتحقق من البطاقة.
card-qr-failed = تعذّر عرض الرمز. أغلق التطبيق وافتحه مرة أخرى.
card-ended = كانت البطاقة صالحة حتى { $date }. اطلب بطاقة جديدة من المكان الذي حصلت منه على هذه البطاقة.
card-needs-network = يجب تجديد البطاقة قبل عرضها. اتصل بالإنترنت لمدة قصيرة وستتجدد تلقائيًا.
card-valid-until = صالحة حتى
card-companion = المرافق
card-show-help = اعرض البطاقة عند المدخل. الساعة والنقطة تُظهران أن البطاقة حقيقية وليست صورة.
card-ends-soon = البطاقة صالحة حتى { $date }. { $days ->
    [0] اليوم هو اليوم الأخير.
    [one] بقي يوم واحد.
    [two] بقي يومان.
    [few] بقيت { $n } أيام.
   *[other] بقي { $n } يومًا.
} اطلب بطاقة جديدة من المكان الذي حصلت منه على هذه البطاقة.
card-not-refreshed = تعذّر تجديد البطاقة، لكنها تعمل حتى { $date }. اتصل بالإنترنت وستتجدد تلقائيًا.
companion-none = البطاقة لك وحدك.
companion-public-events = يمكنك اصطحاب مرافق واحد إلى الفعاليات العامة.
companion-everywhere = يمكنك اصطحاب مرافق واحد.

## Adding a card
add-title = إضافة بطاقة
add-intro = اكتب رمز التفعيل من الرسالة. إذا كان لديك أكثر من طفل، أضف بطاقة واحدة في كل مرة.
add-code-label = رمز التفعيل
add-code-help = يتكون الرمز من 16 حرفًا ورقمًا، مثل K7QF-9M2X-HT4P-WJ3R. لا يهم إن كانت الحروف كبيرة أو صغيرة.
add-submit = أضف البطاقة
add-busy = جارٍ الإضافة …
add-online-note = تحتاج إلى الإنترنت لإضافة البطاقة. بعد ذلك تعمل البطاقة بدون إنترنت.
add-lost-note = هل فقدت الرسالة أو الهاتف؟ اطلب رسالة جديدة من المكان الذي حصلت منه على البطاقة.
add-done = تمت إضافة بطاقة { $name }.
add-error-empty = اكتب الرمز الموجود في الرسالة.
add-error-length = يتكون الرمز من { $expected } حرفًا ورقمًا. لقد كتبت { $count }.
add-error-character = «{ $char }» لا يوجد في الرموز. تحتوي الرموز على الحروف اللاتينية A–Z والأرقام فقط.
add-error-wrong = الرمز لا يعمل. ربما كُتب بشكل خاطئ أو استُخدم من قبل أو انتهت صلاحيته. تحقق من الرسالة أو اطلب رسالة جديدة.
add-error-too-many = محاولات كثيرة جدًا. انتظر ربع ساعة ثم حاول مرة أخرى.
add-error-offline = أنت غير متصل بالإنترنت. اتصل بالإنترنت وحاول مرة أخرى.
add-error-server = حدث خطأ لدى البلدية. حاول مرة أخرى لاحقًا.
add-error-phone = تعذّر حفظ البطاقة على الهاتف. حاول مرة أخرى.

## Dates, times and numbers
month-1 = يناير
month-2 = فبراير
month-3 = مارس
month-4 = أبريل
month-5 = مايو
month-6 = يونيو
month-7 = يوليو
month-8 = أغسطس
month-9 = سبتمبر
month-10 = أكتوبر
month-11 = نوفمبر
month-12 = ديسمبر
month-short-1 = يناير
month-short-2 = فبراير
month-short-3 = مارس
month-short-4 = أبريل
month-short-5 = مايو
month-short-6 = يونيو
month-short-7 = يوليو
month-short-8 = أغسطس
month-short-9 = سبتمبر
month-short-10 = أكتوبر
month-short-11 = نوفمبر
month-short-12 = ديسمبر
weekday-monday = الاثنين
weekday-tuesday = الثلاثاء
weekday-wednesday = الأربعاء
weekday-thursday = الخميس
weekday-friday = الجمعة
weekday-saturday = السبت
weekday-sunday = الأحد
weekday-short-monday = الاثنين
weekday-short-tuesday = الثلاثاء
weekday-short-wednesday = الأربعاء
weekday-short-thursday = الخميس
weekday-short-friday = الجمعة
weekday-short-saturday = السبت
weekday-short-sunday = الأحد
date-long = { $day } { $month } { $year }
date-short = { $weekday } { $day } { $month }
date-at-time = { $day } الساعة { $time }
day-today = اليوم
day-tomorrow = غدًا
distance-m = { $n } م
distance-km = { $n } كم
size-kb = { $n } ك.ب
size-mb = { $n } م.ب
age-range = الأعمار { $min }–{ $max }
age-all = جميع الأعمار
offers-count = { $count ->
    [zero] لا توجد عروض
    [one] عرض واحد
    [two] عرضان
    [few] { $n } عروض
    [many] { $n } عرضًا
   *[other] { $n } عرض
}

## Keeping offers up to date
sync-last-updated = آخر تحديث { $when }
sync-offline = أنت بدون إنترنت. العروض من آخر تحديث وتعمل كالمعتاد.
sync-failed = تعذّر تحديث العروض الآن. سيحاول التطبيق مرة أخرى لاحقًا.
sync-running = جارٍ التحديث …
sync-never = لم يتم تنزيل العروض بعد.
sync-now = حدّث الآن

## Offers
offers-title = العروض
offers-intro = عروض ثقافية ورياضية مجانية في بيرغن لحاملي بطاقة الأنشطة.
offers-empty = يتم تنزيل العروض عند اتصالك بالإنترنت، ويمكن استخدامها بعد ذلك بدون إنترنت.
offers-search-label = ابحث في العروض
offers-search-placeholder = مثلًا: سباحة أو KODE
offers-none-found = لا توجد عروض مطابقة. جرّب عددًا أقل من المرشحات أو كلمة أخرى.
offers-show-more = عرض المزيد
offers-near-denied = لم يُسمح للتطبيق باستخدام موقعك. يمكنك السماح بذلك في إعدادات الهاتف.
offers-near-unavailable = لم يتمكن الهاتف من تحديد موقعك الآن.
filter-age = العمر
filter-category = الفئة
filter-more = مرشحات أخرى
filter-district = الحي
filter-day = اليوم
filter-date = أو اختر تاريخًا
filter-companion = المرافق
filter-companion-included = دخول المرافق مجاني
filter-accessibility = إمكانية الوصول
filter-clear = إزالة المرشحات
day-today-chip = اليوم
day-tomorrow-chip = غدًا
sort-label = الترتيب
sort-soonest = الأقرب موعدًا
sort-nearest = الأقرب إليّ
sort-name = الاسم
category-museum = المتاحف والفن
category-music = الموسيقى
category-stage = المسرح والرقص والسينما
category-sport = الرياضة
category-swimming = السباحة
category-outdoor = الطبيعة والرحلات
category-culture-activity = دورات وأنشطة
category-event = فعاليات
access-step-free = مدخل بدون درج
access-hearing-loop = حلقة سمعية
access-accessible-toilet = مرحاض لذوي الإعاقة
access-sign-language = لغة الإشارة
access-sensory-friendly = مكان هادئ

## One offer
offer-no-date = لا توجد مواعيد قادمة
offer-is-favourite = (في المفضلة)
offer-missing = لم يتم العثور على العرض
offer-back = جميع العروض
offer-demo = مثال: ليس عرضًا حقيقيًا
offer-favourite = المفضلة
offer-calendar = أضف إلى التقويم
offer-category = الفئة
offer-ages = العمر
offer-next = المرة القادمة
offer-how = كيف تستخدم بطاقتك هنا
offer-booking-required = يجب حجز مكان قبل الحضور.
offer-booking-web = احجز عبر الموقع
offer-show-card-after-booking = اعرض البطاقة عند المدخل عند وصولك.
offer-show-card = لا حاجة للحجز. اعرض البطاقة عند المدخل.
offer-companion = المرافق
offer-companion-yes = يدخل مرافق واحد معك مجانًا.
offer-companion-no = لا يدخل المرافقون مجانًا هنا.
offer-when = متى
offer-every = كل { $weekday }
offer-season = من { $from } إلى { $to }
offer-where = أين
offer-open-map = افتح في الخريطة
offer-organiser = المنظِّم: { $name }
offer-accessibility = إمكانية الوصول
offer-accessibility-none = لم يذكر المنظِّم شيئًا عن إمكانية الوصول.
offer-visits-left = { $name }: تبقّى { $l } من { $max ->
    [one] زيارة مجانية واحدة
    [two] زيارتين مجانيتين
    [few] { $n } زيارات مجانية
   *[other] { $n } زيارة مجانية
} { $per ->
    [week] هذا الأسبوع
    [month] هذا الشهر
    [season] هذا الموسم
   *[year] هذا العام
}.
offer-visits-used-up = { $name }: استُخدمت كل الزيارات المجانية ({ $max ->
    [one] زيارة مجانية واحدة
    [two] زيارتين مجانيتين
    [few] { $n } زيارات مجانية
   *[other] { $n } زيارة مجانية
}) { $per ->
    [week] هذا الأسبوع
    [month] هذا الشهر
    [season] هذا الموسم
   *[year] هذا العام
}.
offer-visits-again = زيارات مجانية جديدة ابتداءً من { $date }.
offer-visits-limit = تمنح البطاقة هنا { $max ->
    [one] زيارة مجانية واحدة
    [two] زيارتين مجانيتين
    [few] { $n } زيارات مجانية
   *[other] { $n } زيارة مجانية
} { $per ->
    [week] في الأسبوع
    [month] في الشهر
    [season] في الموسم
   *[year] في السنة
}.
offer-visits-companion = المرافق يستخدم زيارة أيضًا.
offer-visits-updated = العدد من { $when }. الزيارات بعد ذلك غير محسوبة.
offer-about = عن العرض

## Favourites
favourites-title = المفضلة
favourites-empty = لا توجد لديك مفضلة بعد. اضغط «المفضلة» في أي عرض لتجمعه هنا.
favourites-find = ابحث عن عروض
favourites-help = تُحفظ المفضلة على هذا الهاتف فقط.

## Settings
settings-title = الإعدادات
settings-language = اللغة
settings-language-help = يتبع التطبيق لغة هاتفك. يمكنك اختيار لغة أخرى هنا.
settings-cards = البطاقات على هذا الهاتف
settings-no-cards = لا توجد بطاقات على هذا الهاتف.
settings-remove = إزالة
settings-remove-label = إزالة بطاقة { $name }
settings-remove-confirm = هل تريد إزالة بطاقة { $name } من الهاتف؟ لا يمكن إضافتها مرة أخرى إلا برسالة جديدة.
settings-remove-yes = نعم، أزل البطاقة
settings-remove-no = إلغاء
settings-removed = تمت إزالة بطاقة { $name }.
settings-everything = حذف كل شيء من هذا الهاتف
settings-everything-text = يحذف كل البطاقات والمفضلة والإعدادات والعروض المحفوظة التي يحتفظ بها التطبيق على هذا الهاتف. لا يمكن إضافة البطاقات مرة أخرى إلا برسائل جديدة.
settings-everything-button = حذف كل شيء
settings-everything-confirm = هل تريد حذف كل ما حفظه التطبيق على هذا الهاتف؟ لا يمكن إضافة البطاقات مرة أخرى إلا برسائل جديدة من Kulturetaten.
settings-everything-yes = نعم، احذف كل شيء
settings-everything-removed = تم حذف كل شيء من الهاتف.
settings-everything-waiting = بعض الزيارات لم تُرفع بعد ({ $count }). ارفعها أولاً في وضع المكان.
settings-sync = التحديث
settings-storage = يستخدم التطبيق { $size } على الهاتف ({ $offers }).
settings-privacy = الخصوصية
privacy-stores-heading = ما يحفظه التطبيق على الهاتف
privacy-stores = البطاقات التي أضفتها (الاسم الأول وسنة الميلاد ومدة صلاحية البطاقة ومفتاح أُنشئ على هذا الهاتف)، والعروض، ومفضلتك، واللغة التي اخترتها.
privacy-sends-heading = ما يرسله التطبيق
privacy-sends = عند إضافة بطاقة: الرمز من الرسالة والجزء العام من المفتاح. مرة في الأسبوع تقريبًا يجدد التطبيق البطاقة بإرسال الرمز الظاهر على البطاقة. عند التحقق من البطاقة في مكان العرض، يسجّل المكان الزيارة لإحصاءات البلدية، والتي لا تعرض أبدًا مجموعات تقل عن خمسة أطفال. عند تنزيل العروض لا يرسل التطبيق أي شيء عنك.
privacy-never-heading = ما لا يعرفه التطبيق
privacy-never = لا يعرف التطبيق ولا يحفظ سبب حصولك على البطاقة. البحث والمرشحات والمفضلة وموقعك تبقى على الهاتف ولا تُرسل أبدًا.
settings-about = حول التطبيق
settings-about-text = تمنح Aktivitetskortet الأطفال والشباب في بيرغن دخولًا مجانيًا إلى العروض الثقافية والرياضية.
settings-version = الإصدار
not-found-title = الصفحة غير موجودة
not-found-back = إلى البطاقة

## Venue mode (for staff)
settings-venue = وضع المكان للموظفين
settings-venue-text = للموظفين في أماكن العروض: تحقق من بطاقات الأنشطة وسجّل الزيارات، حتى بدون إنترنت. تحتاج إلى مفتاح المكان من بلدية بيرغن.
settings-venue-open = افتح وضع المكان
venue-badge = التحقق من البطاقات
venue-exit = خروج
venue-setup-title = إعداد التحقق من البطاقات
venue-setup-intro = اكتب أو امسح مفتاح المكان الذي حصلت عليه من بلدية بيرغن. يحتاج الإعداد إلى الإنترنت مرة واحدة، وبعدها يعمل التحقق بدون إنترنت.
venue-key-label = مفتاح المكان
venue-key-help = يبدأ المفتاح بـ ak_venue_.
venue-setup-submit = إعداد
venue-setup-busy = جارٍ التحقق من المفتاح …
venue-key-scan = أو امسح المفتاح
venue-error-key = المفتاح لا يعمل. ربما كُتب بشكل خاطئ أو سُحب. اسأل بلدية بيرغن.
venue-error-offline = أنت غير متصل بالإنترنت. يحتاج الإعداد إلى الإنترنت مرة واحدة.
venue-error-server = حدث خطأ لدى البلدية. حاول مرة أخرى لاحقًا.
venue-choose-title = اختر العرض
venue-choose-intro = لأي عرض في { $venue } تتحقق من البطاقات الآن؟
venue-check-title = التحقق من البطاقات
venue-checking-for = التحقق لـ:
venue-visits-today = { $count ->
    [zero] لا زيارات اليوم
    [one] زيارة واحدة اليوم
    [two] زيارتان اليوم
    [few] { $n } زيارات اليوم
    [many] { $n } زيارة اليوم
   *[other] { $n } زيارة اليوم
}
venue-visits-waiting = { $count ->
    [0] تم رفع كل شيء
   *[other] بانتظار الرفع: { $n }
}
venue-visits-set-aside = { $count ->
   *[other] زيارات لم تقبلها البلدية ووُضعت جانبًا: { $n }
}
venue-lists-from = قوائم التحقق من { $when }.
venue-lists-none = لم يتم تنزيل قوائم التحقق بعد. اتصل بالإنترنت.
venue-clock-fast = ساعة هذا الجهاز متقدمة بمقدار { $n } د. يستخدم التحقق وقت الخادم، لكن اضبط الساعة في إعدادات الجهاز.
venue-clock-slow = ساعة هذا الجهاز متأخرة بمقدار { $n } د. يستخدم التحقق وقت الخادم، لكن اضبط الساعة في إعدادات الجهاز.
venue-not-ready-lists = لا يمكن التحقق من البطاقات قبل تنزيل قوائم التحقق. اتصل بالإنترنت مرة واحدة.
venue-not-ready-venue = لم يتم إعداد وضع المكان.
venue-paste-label = أو الصق الرمز من البطاقة
venue-check = تحقق
venue-settings = إعدادات المكان
venue-change-offer = غيّر العرض
venue-forget = انسَ مفتاح المكان
venue-forget-confirm = هل تريد نسيان مفتاح المكان على هذا الجهاز؟ تبقى الزيارات التي لم تُرفع حتى يُعاد إعداد المفتاح.
venue-forget-yes = نعم، انسَ المفتاح
venue-let-in-done = تم تسجيل زيارة { $name }.
verdict-valid = صالحة
verdict-check = صالحة – لكن تحقق مجددًا
verdict-valid-until = صالحة حتى { $date }
verdict-companion = + مرافق واحد
verdict-seen-recently = { $minutes ->
    [0] تم تسجيل دخول البطاقة قبل أقل من دقيقة.
    [one] تم تسجيل دخول البطاقة قبل دقيقة.
    [two] تم تسجيل دخول البطاقة قبل دقيقتين.
    [few] تم تسجيل دخول البطاقة قبل { $n } دقائق.
   *[other] تم تسجيل دخول البطاقة قبل { $n } دقيقة.
}
verdict-lists-old = عمر قوائم التحقق { $n } ساعة: قد لا تكون البطاقة الموقوفة معروفة هنا بعد. اتصل بالإنترنت.
verdict-let-in = اسمح بالدخول
verdict-let-in-companion = اسمح بالدخول مع مرافق
verdict-cancel = إلغاء
verdict-limit = تم بلوغ الحد وهو { $max ->
    [one] زيارة مجانية واحدة
    [two] زيارتين مجانيتين
    [few] { $n } زيارات مجانية
   *[other] { $n } زيارة مجانية
} { $per ->
    [week] هذا الأسبوع
    [month] هذا الشهر
    [season] هذا الموسم
   *[year] هذا العام
}.
verdict-limit-one-left = تبقّت زيارة مجانية واحدة فقط: لا يدخل المرافق مجانًا اليوم.
verdict-let-in-anyway = السماح بالدخول رغم ذلك
verdict-let-in-anyway-companion = السماح بالدخول مع المرافق رغم ذلك
verdict-refuse = عدم السماح بالدخول
venue-refused-done = تم التسجيل: لم يُسمح لـ{ $name } بالدخول (تم بلوغ الحد).
verdict-invalid = غير صالحة
verdict-next = التالي
reason-expired = انتهت صلاحية البطاقة.
reason-not-yet-valid = البطاقة ليست صالحة بعد.
reason-revoked = البطاقة موقوفة.
reason-old-code = الرمز قديم: لقطة شاشة أو صورة.
reason-unknown-issuer = البطاقة صادرة عن جهة غير معروفة.
reason-not-a-card = هذه ليست بطاقة أنشطة.
reason-not-genuine = البطاقة غير حقيقية.
hint-new-card = يمكن لحامل البطاقة طلب بطاقة جديدة من المكان الذي حصل منه عليها.
hint-revoked = ربما أُبلغ عن فقدان البطاقة. يمكن لحاملها طلب بطاقة جديدة.
hint-live-code = اطلب رؤية التطبيق: يجب أن يتغير الرمز كل عشر ثوانٍ وأن تعمل الساعة.
hint-update-lists = حدّث قوائم التحقق عبر الإنترنت وحاول مرة أخرى.
hint-show-card = اطلب رؤية بطاقة الأنشطة في التطبيق.
hint-not-genuine = اطلب رؤية البطاقة في التطبيق وتحقق مرة أخرى.
scan-video-label = صورة الكاميرا
scan-start = امسح بالكاميرا
scan-stop = أوقف الكاميرا
scan-off = الكاميرا مطفأة.
scan-starting = جارٍ تشغيل الكاميرا …
scan-on = ضع الرمز الموجود على البطاقة أمام الكاميرا.
scan-denied = لم يُسمح للتطبيق باستخدام الكاميرا. يمكنك السماح بذلك في الإعدادات أو لصق الرمز.
scan-unavailable = لم يتم العثور على كاميرا. الصق الرمز بدلًا من ذلك.

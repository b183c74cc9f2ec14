# The activation letter (uk), which the server prints; the app does not load this file.
# Placeholders: $name, $brand, $office, $code, $origin, $expires, $valid (the server fills them in).

letter-subtitle = Лист для активації картки
letter-demo = Демо – це не справжня картка
letter-demo-short = ДЕМО
letter-greeting = Вітаємо, { $name }!
letter-intro = Це ваша картка { $brand }. Вона дає безкоштовний вхід на культурні та спортивні заходи в Бергені. На публічні заходи можна також безкоштовно взяти з собою одну супровідну особу.
letter-code-heading = Ваш код активації
letter-code-once = Код діє лише один раз, і його треба використати до { $expires } включно.
letter-card-valid = Картка дійсна до { $valid } включно.
letter-qr-label = QR-код для активації картки
letter-qr-caption = Скануйте в застосунку
letter-how-heading = Як активувати картку
letter-step-open = Відкрийте застосунок на телефоні. Він доступний за адресою { $origin }.
letter-step-add = Виберіть «Додати картку».
letter-step-code-or-qr = Введіть код { $code } або відскануйте QR-код.
letter-step-code = Введіть код { $code }.
letter-good-to-know = Корисно знати
letter-several = На одному телефоні можуть бути картки кількох дітей.
letter-lost = Загубили телефон? Зверніться до { $office }, і ви отримаєте новий лист. Картка на старому телефоні тоді перестане працювати.
letter-private = Нікому не показуйте цей лист: будь-хто, хто має код, може один раз активувати картку.
letter-questions = Маєте запитання?

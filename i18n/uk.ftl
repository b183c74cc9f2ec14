# Українська (Ukrainian). To be reviewed by a native speaker before release.
app-name = Aktivitetskortet
nav-label = Головне меню
nav-card = Картка
nav-offers = Пропозиції
nav-favourites = Обране
nav-settings = Налаштування
offline-badge = Без мережі
loading = Відкривається …
offers-loading = Пропозиції відкриваються …

## Saving on this phone
store-elsewhere = Aktivitetskortet відкрито в іншій вкладці чи вікні. Його можна відкрити лише в одному місці, щоб нічого не загубилося.
store-use-here = Відкрити тут
store-save-failed = Зміну ще не збережено на телефоні. Ми спробуємо ще раз. Якщо не вдасться, звільніть трохи місця.
store-set-aside-damaged = Збережене в застосунку не вдалося прочитати. Його відкладено, а не видалено. Додайте картку знову; якщо потрібен новий код, зверніться туди, де отримали картку.
store-set-aside-newer = Збережене в застосунку походить з новішої версії. Його відкладено, а не видалено. Перезавантажте сторінку, щоб отримати нову версію.
store-reload = Перезавантажити
store-dismiss = Закрити

## The card
card-title = Моя картка
card-empty = Тут буде показано вашу картку.
card-empty-help = Додайте картку за кодом активації з листа, який ви отримали від комуни Берген.
card-placeholder-label = Місце для картки активностей
card-add = Додати картку
card-add-another = Додати ще одну картку
card-switcher-label = Виберіть, яку картку показати
card-issuer = Комуна Берген
card-age = Вік: { $age }
card-qr-label = QR-код картки { $name }. Покажіть його тому, хто перевіряє картку.
card-qr-failed = Не вдалося показати код. Закрийте застосунок і відкрийте його знову.
card-ended = Картка діяла до { $date }. Попросіть нову картку там, де отримали цю.
card-needs-network = Картку треба оновити, перш ніж її можна буде показати. Підключіть телефон до інтернету ненадовго, і вона оновиться сама.
card-valid-until = Дійсна до
card-companion = Супровід
card-show-help = Покажіть картку на вході. Годинник і крапка показують, що картка справжня, а не знімок.
card-ends-soon = Картка дійсна до { $date }. { $days ->
    [0] Сьогодні останній день.
    [one] Залишився { $n } день.
    [few] Залишилося { $n } дні.
   *[other] Залишилося { $n } днів.
} Попросіть нову картку там, де отримали цю.
card-not-refreshed = Картку не вдалося оновити, але вона діє до { $date }. Підключіться до інтернету, і вона оновиться сама.
companion-none = Картка діє лише для вас.
companion-public-events = Ви можете взяти з собою одну супровідну особу на публічні заходи.
companion-everywhere = Ви можете взяти з собою одну супровідну особу.

## Adding a card
add-title = Додати картку
add-intro = Введіть код активації з листа. Якщо у вас кілька дітей, додавайте по одній картці.
add-code-label = Код активації
add-code-help = Код має 16 літер і цифр, наприклад K7QF-9M2X-HT4P-WJ3R. Великі чи малі літери — не важливо.
add-submit = Додати картку
add-busy = Додається …
add-online-note = Щоб додати картку, потрібен інтернет. Після цього картка працює без мережі.
add-lost-note = Загубили лист або телефон? Попросіть новий лист там, де отримали картку.
add-done = Картку { $name } додано.
add-error-empty = Введіть код з листа.
add-error-length = Код має { $expected } літер і цифр. Ви ввели { $count }.
add-error-character = «{ $char }» не буває в кодах. Коди містять лише латинські літери A–Z і цифри.
add-error-wrong = Код не працює. Можливо, його введено з помилкою, уже використано або він застарів. Перевірте лист або попросіть новий.
add-error-too-many = Забагато спроб. Зачекайте чверть години і спробуйте знову.
add-error-offline = Ви не в мережі. Підключіться до інтернету і спробуйте знову.
add-error-server = У комуни щось пішло не так. Спробуйте пізніше.
add-error-phone = Не вдалося зберегти картку на телефоні. Спробуйте знову.

## Dates, times and numbers
month-1 = січня
month-2 = лютого
month-3 = березня
month-4 = квітня
month-5 = травня
month-6 = червня
month-7 = липня
month-8 = серпня
month-9 = вересня
month-10 = жовтня
month-11 = листопада
month-12 = грудня
month-short-1 = січ.
month-short-2 = лют.
month-short-3 = бер.
month-short-4 = квіт.
month-short-5 = трав.
month-short-6 = черв.
month-short-7 = лип.
month-short-8 = серп.
month-short-9 = вер.
month-short-10 = жовт.
month-short-11 = лист.
month-short-12 = груд.
weekday-monday = понеділок
weekday-tuesday = вівторок
weekday-wednesday = середа
weekday-thursday = четвер
weekday-friday = пʼятниця
weekday-saturday = субота
weekday-sunday = неділя
weekday-short-monday = пн
weekday-short-tuesday = вт
weekday-short-wednesday = ср
weekday-short-thursday = чт
weekday-short-friday = пт
weekday-short-saturday = сб
weekday-short-sunday = нд
date-long = { $day } { $month } { $year } р.
date-short = { $weekday }, { $day } { $month }
date-at-time = { $day } о { $time }
day-today = сьогодні
day-tomorrow = завтра
distance-m = { $n } м
distance-km = { $n } км
size-kb = { $n } КБ
size-mb = { $n } МБ
age-range = Вік { $min }–{ $max }
age-all = Будь-який вік
offers-count = { $count ->
    [one] { $n } пропозиція
    [few] { $n } пропозиції
    [many] { $n } пропозицій
   *[other] { $n } пропозиції
}

## Keeping offers up to date
sync-last-updated = Оновлено { $when }
sync-offline = Ви без мережі. Пропозиції з останнього оновлення працюють як завжди.
sync-failed = Зараз не вдалося оновити пропозиції. Застосунок спробує пізніше.
sync-running = Оновлюється …
sync-never = Пропозиції ще не завантажено.
sync-now = Оновити зараз

## Offers
offers-title = Пропозиції
offers-intro = Безкоштовні культурні та спортивні заходи в Бергені для власників картки активностей.
offers-empty = Пропозиції завантажуються, коли ви в мережі, і потім доступні без інтернету.
offers-search-label = Пошук пропозицій
offers-search-placeholder = Наприклад, плавання або KODE
offers-none-found = Немає відповідних пропозицій. Спробуйте менше фільтрів або інше слово.
offers-show-more = Показати більше
offers-near-denied = Застосунку не дозволено використовувати ваше місцезнаходження. Це можна дозволити в налаштуваннях телефону.
offers-near-unavailable = Телефон зараз не зміг визначити ваше місцезнаходження.
filter-age = Вік
filter-category = Категорія
filter-more = Більше фільтрів
filter-district = Район
filter-day = День
filter-date = Або виберіть дату
filter-companion = Супровід
filter-companion-included = Супровід безкоштовно
filter-accessibility = Доступність
filter-clear = Скинути фільтри
day-today-chip = Сьогодні
day-tomorrow-chip = Завтра
sort-label = Сортувати
sort-soonest = Найближчі за часом
sort-nearest = Поблизу
sort-name = За назвою
category-museum = Музеї та мистецтво
category-music = Музика
category-stage = Театр, танці та кіно
category-sport = Спорт
category-swimming = Плавання
category-outdoor = Природа і прогулянки
category-culture-activity = Курси та заняття
category-event = Заходи
access-step-free = Вхід без сходинок
access-hearing-loop = Індукційна петля
access-accessible-toilet = Туалет для людей з інвалідністю
access-sign-language = Мова жестів
access-sensory-friendly = Тихо і спокійно

## One offer
offer-no-date = Найближчих дат немає
offer-is-favourite = (в обраному)
offer-missing = Пропозицію не знайдено
offer-back = Усі пропозиції
offer-demo = Приклад: не справжня пропозиція
offer-favourite = Обране
offer-calendar = Додати до календаря
offer-category = Категорія
offer-ages = Вік
offer-next = Наступного разу
offer-how = Як скористатися карткою тут
offer-booking-required = Потрібно забронювати місце заздалегідь.
offer-booking-web = Забронювати на сайті
offer-show-card-after-booking = Покажіть картку на вході, коли прийдете.
offer-show-card = Бронювати не потрібно. Покажіть картку на вході.
offer-companion = Супровід
offer-companion-yes = Одна супровідна особа проходить безкоштовно разом з вами.
offer-companion-no = Супровідні особи тут не проходять безкоштовно.
offer-when = Коли
offer-every = Щотижня: { $weekday }
offer-season = З { $from } до { $to }
offer-where = Де
offer-open-map = відкрити на карті
offer-organiser = Організатор: { $name }
offer-accessibility = Доступність
offer-accessibility-none = Організатор нічого не повідомив про доступність.
offer-visits-left = { $name }: залишилося { $l } з { $n } { $max ->
    [one] безкоштовного візиту
   *[other] безкоштовних візитів
} { $per ->
    [week] цього тижня
    [month] цього місяця
    [season] цього сезону
   *[year] цього року
}.
offer-visits-used-up = { $name }: { $max ->
    [one] єдиний безкоштовний візит
   *[other] усі безкоштовні візити ({ $n })
} { $per ->
    [week] цього тижня
    [month] цього місяця
    [season] цього сезону
   *[year] цього року
} вже використано.
offer-visits-again = Нові безкоштовні візити з { $date }.
offer-visits-limit = Картка дає тут { $n } { $max ->
    [one] безкоштовний візит
    [few] безкоштовні візити
   *[other] безкоштовних візитів
} { $per ->
    [week] на тиждень
    [month] на місяць
    [season] за сезон
   *[year] на рік
}.
offer-visits-companion = Супровідник також використовує один візит.
offer-visits-updated = Дані від { $when }. Пізніші візити не враховано.
offer-about = Про пропозицію

## Favourites
favourites-title = Обране
favourites-empty = У вас ще немає обраного. Натисніть «Обране» на пропозиції, щоб зібрати її тут.
favourites-find = Знайти пропозиції
favourites-help = Обране зберігається лише на цьому телефоні.

## Settings
settings-title = Налаштування
settings-language = Мова
settings-language-help = Застосунок використовує мову вашого телефону. Тут можна вибрати іншу.
settings-cards = Картки на цьому телефоні
settings-no-cards = На цьому телефоні немає карток.
settings-remove = Видалити
settings-remove-label = Видалити картку { $name }
settings-remove-confirm = Видалити картку { $name } з телефону? Її можна буде додати знову лише з новим листом.
settings-remove-yes = Так, видалити картку
settings-remove-no = Скасувати
settings-removed = Картку { $name } видалено.
settings-everything = Видалити все з цього телефона
settings-everything-text = Видаляє всі картки, обране, налаштування та збережені пропозиції, які застосунок зберігає на цьому телефоні. Картки можна буде додати знову лише з новими листами.
settings-everything-button = Видалити все
settings-everything-confirm = Видалити все, що застосунок зберіг на цьому телефоні? Картки можна буде додати знову лише з новими листами від Kulturetaten.
settings-everything-yes = Так, видалити все
settings-everything-removed = Усе видалено з телефона.
settings-everything-waiting = Деякі відвідування ще не завантажено ({ $count }). Спершу завантажте їх у режимі закладу.
settings-sync = Оновлення
settings-storage = Застосунок займає { $size } на телефоні ({ $offers }).
settings-privacy = Конфіденційність
privacy-stores-heading = Що застосунок зберігає на телефоні
privacy-stores = Додані картки (імʼя, рік народження, термін дії картки та ключ, створений на цьому телефоні), пропозиції, ваше обране і вибрану мову.
privacy-sends-heading = Що застосунок надсилає
privacy-sends = Коли ви додаєте картку: код з листа і відкриту частину ключа. Приблизно раз на тиждень застосунок оновлює картку, надсилаючи код, показаний на картці. Коли картку перевіряють на заході, організатор реєструє відвідування для статистики комуни, яка ніколи не показує групи менші за пʼятьох дітей. Коли застосунок завантажує пропозиції, він нічого не надсилає про вас.
privacy-never-heading = Чого застосунок не знає
privacy-never = Застосунок не знає і не зберігає, чому у вас є картка. Пошук, фільтри, обране і ваше місцезнаходження залишаються на телефоні й ніколи не надсилаються.
settings-about = Про застосунок
settings-about-text = Aktivitetskortet дає дітям і молоді в Бергені безкоштовний вхід на культурні та спортивні заходи.
settings-version = Версія
not-found-title = Сторінку не знайдено
not-found-back = До картки

## Venue mode (for staff)
settings-venue = Режим закладу для працівників
settings-venue-text = Для працівників закладу: перевіряйте картки активностей і реєструйте відвідування, також без мережі. Потрібен ключ закладу від комуни Берген.
settings-venue-open = Відкрити режим закладу
venue-badge = Перевірка карток
venue-exit = Вийти
venue-setup-title = Налаштувати перевірку карток
venue-setup-intro = Введіть або відскануйте ключ закладу від комуни Берген. Для налаштування потрібен інтернет один раз; потім перевірка працює без мережі.
venue-key-label = Ключ закладу
venue-key-help = Ключ починається з ak_venue_.
venue-setup-submit = Налаштувати
venue-setup-busy = Перевіряємо ключ …
venue-key-scan = Або відскануйте ключ
venue-error-key = Ключ не працює. Можливо, його введено з помилкою або відкликано. Зверніться до комуни Берген.
venue-error-offline = Ви не в мережі. Для налаштування потрібен інтернет один раз.
venue-error-server = У комуни щось пішло не так. Спробуйте пізніше.
venue-choose-title = Виберіть пропозицію
venue-choose-intro = Для якої пропозиції в { $venue } ви зараз перевіряєте картки?
venue-check-title = Перевірка карток
venue-checking-for = Перевірка для:
venue-visits-today = { $count ->
    [one] { $n } відвідування сьогодні
    [few] { $n } відвідування сьогодні
   *[other] { $n } відвідувань сьогодні
}
venue-visits-waiting = { $count ->
    [0] Усе завантажено
   *[other] Очікують завантаження: { $n }
}
venue-visits-set-aside = { $count ->
   *[other] Комуна не прийняла відвідування, їх відкладено: { $n }
}
venue-lists-from = Контрольні списки від { $when }.
venue-lists-none = Контрольні списки ще не завантажено. Підключіться до інтернету.
venue-clock-fast = Годинник цього пристрою поспішає на { $n } хв. Перевірка використовує час сервера, але виправте годинник у налаштуваннях пристрою.
venue-clock-slow = Годинник цього пристрою відстає на { $n } хв. Перевірка використовує час сервера, але виправте годинник у налаштуваннях пристрою.
venue-not-ready-lists = Картки не можна перевірити, доки не завантажено контрольні списки. Підключіться до інтернету один раз.
venue-not-ready-venue = Режим закладу не налаштовано.
venue-paste-label = Або вставте код з картки
venue-check = Перевірити
venue-settings = Налаштування закладу
venue-change-offer = Змінити пропозицію
venue-forget = Забути ключ закладу
venue-forget-confirm = Забути ключ закладу на цьому пристрої? Незавантажені відвідування залишаться, доки ключ не налаштують знову.
venue-forget-yes = Так, забути ключ
venue-let-in-done = Відвідування { $name } зареєстровано.
verdict-valid = Дійсна
verdict-check = Дійсна – але перевірте ще раз
verdict-valid-until = Дійсна до { $date }
verdict-companion = + 1 супровідна особа
verdict-seen-recently = { $minutes ->
    [0] Картку перевіряли менше хвилини тому.
    [one] Картку перевіряли { $n } хвилину тому.
    [few] Картку перевіряли { $n } хвилини тому.
   *[other] Картку перевіряли { $n } хвилин тому.
}
verdict-lists-old = Контрольним спискам { $n } год.: заблокована картка може бути тут ще невідомою. Підключіться до інтернету.
verdict-let-in = Пропустити
verdict-let-in-companion = Пропустити із супровідною особою
verdict-cancel = Скасувати
verdict-limit = Ліміт { $n } { $max ->
    [one] безкоштовного візиту
   *[other] безкоштовних візитів
} { $per ->
    [week] цього тижня
    [month] цього місяця
    [season] цього сезону
   *[year] цього року
} вичерпано.
verdict-limit-one-left = Залишився лише один безкоштовний візит: супровідник сьогодні не проходить безкоштовно.
verdict-let-in-anyway = Все одно впустити
verdict-let-in-anyway-companion = Все одно впустити із супровідником
verdict-refuse = Не впускати
venue-refused-done = Записано: { $name } не впущено (ліміт вичерпано).
verdict-invalid = Недійсна
verdict-next = Далі
reason-expired = Термін дії картки минув.
reason-not-yet-valid = Картка ще не діє.
reason-revoked = Картку заблоковано.
reason-old-code = Код застарів: це знімок екрана або фото.
reason-unknown-issuer = Картку видав невідомий видавець.
reason-not-a-card = Це не картка активностей.
reason-not-genuine = Картка не справжня.
hint-new-card = Власник може попросити нову картку там, де отримав цю.
hint-revoked = Можливо, про втрату картки повідомили. Власник може попросити нову картку.
hint-live-code = Попросіть показати застосунок: код має змінюватися кожні десять секунд, а годинник — іти.
hint-update-lists = Оновіть контрольні списки в мережі та спробуйте ще раз.
hint-show-card = Попросіть показати картку активностей у застосунку.
hint-not-genuine = Попросіть показати картку в застосунку й перевірте ще раз.
scan-video-label = Зображення з камери
scan-start = Сканувати камерою
scan-stop = Зупинити камеру
scan-off = Камеру вимкнено.
scan-starting = Вмикаємо камеру …
scan-on = Тримайте код картки перед камерою.
scan-denied = Застосунку не дозволено використовувати камеру. Це можна дозволити в налаштуваннях або вставити код.
scan-unavailable = Камеру не знайдено. Вставте код.

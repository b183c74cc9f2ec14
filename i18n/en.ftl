# English.
app-name = Aktivitetskortet
nav-label = Main menu
nav-card = Card
nav-offers = Offers
nav-favourites = Favourites
nav-settings = Settings
offline-badge = Offline
loading = Opening …
offers-loading = Opening the offers …

## Saving on this phone
store-elsewhere = Aktivitetskortet is open in another tab or window. It can only be open in one place at a time, so nothing gets lost.
store-use-here = Use it here
store-save-failed = The change is not saved on this phone yet. We are trying again. If it keeps failing, free up some storage.
store-set-aside-damaged = What was saved in the app could not be read. It has been set aside, not deleted. Add your card again; if you need a new code, ask where you got the card.
store-set-aside-newer = What was saved in the app is from a newer version. It has been set aside, not deleted. Reload the page to get the new version.
store-reload = Reload
store-dismiss = Close

## The card
card-title = My card
card-empty = Your card will be shown here.
card-empty-help = Add your card with the activation code in the letter you got from Bergen kommune.
card-placeholder-label = Space for the activity card
card-add = Add a card
card-add-another = Add another card
card-switcher-label = Choose which card is shown
card-issuer = Bergen kommune
card-age = Age { $age }
card-qr-label = QR code of { $name }'s card. Show it to the person checking the card.
card-qr-failed = The code could not be shown. Close the app and open it again.
card-ended = The card was valid until { $date }. Ask for a new card where you got this one.
card-needs-network = The card must be renewed before it can be shown. Connect the phone to the internet for a moment and it renews by itself.
card-valid-until = Valid until
card-companion = Companion
card-show-help = Show the card at the entrance. The clock and the dot show that the card is real and not a picture.
card-ends-soon = The card is valid until { $date }. { $days ->
    [0] Today is the last day.
    [one] One day is left.
   *[other] { $n } days are left.
} Ask for a new card where you got this one.
card-not-refreshed = The card could not be renewed, but it works until { $date }. Connect to the internet and it renews by itself.
companion-none = The card is for you only.
companion-public-events = You may bring one companion to public events.
companion-everywhere = You may bring one companion.

## Adding a card
add-title = Add a card
add-intro = Type the activation code from the letter. If you have several children, add one card at a time.
add-code-label = Activation code
add-code-help = The code has 16 letters and digits, for example K7QF-9M2X-HT4P-WJ3R. Capital or small letters do not matter.
add-submit = Add the card
add-busy = Adding …
add-online-note = You need the internet to add the card. After that the card works offline.
add-lost-note = Lost the letter or the phone? Ask for a new letter where you got the card.
add-done = { $name }'s card has been added.
add-error-empty = Type the code from the letter.
add-error-length = The code has { $expected } letters and digits. You typed { $count }.
add-error-character = “{ $char }” is not used in codes. Codes have only the letters A–Z and digits.
add-error-wrong = The code does not work. It may be mistyped, already used or too old. Check the letter, or ask for a new one.
add-error-too-many = Too many attempts. Wait a quarter of an hour and try again.
add-error-offline = You are not online. Connect to the internet and try again.
add-error-server = Something went wrong at the municipality. Try again later.
add-error-phone = The card could not be saved on the phone. Try again.

## Dates, times and numbers
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
month-short-1 = Jan
month-short-2 = Feb
month-short-3 = Mar
month-short-4 = Apr
month-short-5 = May
month-short-6 = Jun
month-short-7 = Jul
month-short-8 = Aug
month-short-9 = Sep
month-short-10 = Oct
month-short-11 = Nov
month-short-12 = Dec
weekday-monday = Monday
weekday-tuesday = Tuesday
weekday-wednesday = Wednesday
weekday-thursday = Thursday
weekday-friday = Friday
weekday-saturday = Saturday
weekday-sunday = Sunday
weekday-short-monday = Mon
weekday-short-tuesday = Tue
weekday-short-wednesday = Wed
weekday-short-thursday = Thu
weekday-short-friday = Fri
weekday-short-saturday = Sat
weekday-short-sunday = Sun
date-long = { $day } { $month } { $year }
date-short = { $weekday } { $day } { $month }
date-at-time = { $day } at { $time }
day-today = today
day-tomorrow = tomorrow
distance-m = { $n } m
distance-km = { $n } km
size-kb = { $n } kB
size-mb = { $n } MB
age-range = Ages { $min }–{ $max }
age-all = All ages
offers-count = { $count ->
    [one] { $n } offer
   *[other] { $n } offers
}

## Keeping offers up to date
sync-last-updated = Updated { $when }
sync-offline = You are offline. The offers are from the last update and work as usual.
sync-failed = The offers could not be updated just now. The app tries again later.
sync-running = Updating …
sync-never = The offers have not been downloaded yet.
sync-now = Update now

## Offers
offers-title = Offers
offers-intro = Free culture and sports offers in Bergen for you who have an activity card.
offers-empty = Offers are downloaded when you are online, and can be used offline afterwards.
offers-search-label = Search the offers
offers-search-placeholder = For example swimming or KODE
offers-none-found = No offers match. Try fewer filters or another word.
offers-show-more = Show more
offers-near-denied = The app was not allowed to use your position. You can allow it in the phone's settings.
offers-near-unavailable = The phone could not find your position just now.
filter-age = Age
filter-category = Category
filter-more = More filters
filter-district = District
filter-day = Day
filter-date = Or choose a date
filter-companion = Companion
filter-companion-included = Companion goes free
filter-accessibility = Accessibility
filter-clear = Clear filters
day-today-chip = Today
day-tomorrow-chip = Tomorrow
sort-label = Sort
sort-soonest = Soonest
sort-nearest = Near me
sort-name = Name
category-museum = Museums and art
category-music = Music
category-stage = Theatre, dance and film
category-sport = Sports
category-swimming = Swimming
category-outdoor = Outdoors
category-culture-activity = Courses and activities
category-event = Events
access-step-free = Step-free access
access-hearing-loop = Hearing loop
access-accessible-toilet = Accessible toilet
access-sign-language = Sign language
access-sensory-friendly = Quiet and calm

## One offer
offer-no-date = No coming dates
offer-is-favourite = (favourite)
offer-missing = Offer not found
offer-back = All offers
offer-demo = Example: not a real offer
offer-favourite = Favourite
offer-calendar = Add to calendar
offer-category = Category
offer-ages = Ages
offer-next = Next time
offer-how = How to use your card here
offer-booking-required = You must book a place before you come.
offer-booking-web = Book on the website
offer-show-card-after-booking = Show the card at the entrance when you come.
offer-show-card = No booking needed. Show the card at the entrance.
offer-companion = Companion
offer-companion-yes = One companion gets in free with you.
offer-companion-no = Companions do not get in free here.
offer-when = When
offer-every = Every { $weekday }
offer-season = From { $from } to { $to }
offer-where = Where
offer-open-map = open in map
offer-organiser = Organiser: { $name }
offer-accessibility = Accessibility
offer-accessibility-none = The organiser has not said anything about accessibility.
offer-visits-left = { $name } has { $l } of { $n } free { $max ->
    [one] visit
   *[other] visits
} left { $per ->
    [week] this week
    [month] this month
    [season] this season
   *[year] this year
}.
offer-visits-used-up = { $name } has used all { $n } free { $max ->
    [one] visit
   *[other] visits
} { $per ->
    [week] this week
    [month] this month
    [season] this season
   *[year] this year
}.
offer-visits-again = New free visits from { $date }.
offer-visits-limit = The card gives { $n } free { $max ->
    [one] visit
   *[other] visits
} a { $per ->
    [week] week
    [month] month
    [season] season
   *[year] year
} here.
offer-visits-companion = A companion uses one of the visits too.
offer-visits-updated = Counted { $when }. Visits since then are not included.
offer-about = About the offer

## Favourites
favourites-title = Favourites
favourites-empty = You have no favourites yet. Press “Favourite” on an offer to collect it here.
favourites-find = Find offers
favourites-help = Favourites are kept on this phone only.

## Settings
settings-title = Settings
settings-language = Language
settings-language-help = The app follows your phone's language. You can choose another one here.
settings-cards = Cards on this phone
settings-no-cards = There are no cards on this phone.
settings-remove = Remove
settings-remove-label = Remove { $name }'s card
settings-remove-confirm = Remove { $name }'s card from the phone? It can only be added again with a new letter.
settings-remove-yes = Yes, remove the card
settings-remove-no = Cancel
settings-removed = { $name }'s card has been removed.
settings-everything = Remove everything from this phone
settings-everything-text = Deletes all the cards, favourites, settings and saved offers the app keeps on this phone. The cards can only be added again with new letters.
settings-everything-button = Remove everything
settings-everything-confirm = Delete everything the app has saved on this phone? The cards can only be added again with new letters from Kulturetaten.
settings-everything-yes = Yes, remove everything
settings-everything-removed = Everything is removed from the phone.
settings-everything-waiting = Some visits are not uploaded yet ({ $count }). Upload them first, in venue mode.
settings-sync = Updates
settings-storage = The app uses { $size } on the phone ({ $offers }).
settings-privacy = Privacy
privacy-stores-heading = What the app keeps on the phone
privacy-stores = The cards you added (given name, birth year, how long the card is valid and a key made on this phone), the offers, your favourites and the language you chose.
privacy-sends-heading = What the app sends
privacy-sends = When you add a card: the code from the letter and the public part of the key. About once a week the app renews the card by sending the code shown on the card. When the card is checked at an offer, the venue records the visit for the municipality's statistics, which never show groups of fewer than five children. When the app fetches offers, it sends nothing about you.
privacy-never-heading = What the app does not know
privacy-never = The app does not know or keep why you have the card. Searches, filters, favourites and your position stay on the phone and are never sent.
settings-about = About the app
settings-about-text = Aktivitetskortet gives children and young people in Bergen free entry to culture and sports offers.
settings-version = Version
not-found-title = Page not found
not-found-back = To the card

## Venue mode (for staff)
settings-venue = Venue mode for staff
settings-venue-text = For staff at an offer: check activity cards and record visits, also offline. You need the venue key from Bergen kommune.
settings-venue-open = Open venue mode
venue-badge = Card check
venue-exit = Exit
venue-setup-title = Set up card checks
venue-setup-intro = Type or scan the venue key you got from Bergen kommune. Setting up needs the internet once; after that, checks work offline.
venue-key-label = Venue key
venue-key-help = The key starts with ak_venue_.
venue-setup-submit = Set up
venue-setup-busy = Checking the key …
venue-key-scan = Or scan the key
venue-error-key = The key does not work. It may be mistyped or withdrawn. Ask Bergen kommune.
venue-error-offline = You are not online. Setting up needs the internet once.
venue-error-server = Something went wrong at the municipality. Try again later.
venue-choose-title = Choose the offer
venue-choose-intro = Which offer at { $venue } are you checking cards for now?
venue-check-title = Check cards
venue-checking-for = Checking for:
venue-visits-today = { $count ->
    [one] { $n } visit today
   *[other] { $n } visits today
}
venue-visits-waiting = { $count ->
    [0] Everything is uploaded
    [one] { $n } waiting to upload
   *[other] { $n } waiting to upload
}
venue-visits-set-aside = { $count ->
    [one] { $n } visit was not accepted by the municipality and is set aside
   *[other] { $n } visits were not accepted by the municipality and are set aside
}
venue-lists-from = The check lists are from { $when }.
venue-lists-none = The check lists have not been fetched yet. Connect to the internet.
venue-clock-fast = This device's clock is { $n } min fast. Checks use the server's time, but set the clock right in the device's settings.
venue-clock-slow = This device's clock is { $n } min slow. Checks use the server's time, but set the clock right in the device's settings.
venue-not-ready-lists = Cards cannot be checked before the check lists are fetched. Connect to the internet once.
venue-not-ready-venue = Venue mode is not set up.
venue-paste-label = Or paste the code from the card
venue-check = Check
venue-settings = Settings for this venue
venue-change-offer = Change offer
venue-forget = Forget the venue key
venue-forget-confirm = Forget the venue key on this device? Visits not yet uploaded stay until the key is set up again.
venue-forget-yes = Yes, forget the key
venue-let-in-done = { $name }'s visit has been recorded.
verdict-valid = Valid
verdict-check = Valid – but look again
verdict-valid-until = Valid until { $date }
verdict-companion = + 1 companion
verdict-seen-recently = { $minutes ->
    [0] The card was checked in less than a minute ago.
    [one] The card was checked in a minute ago.
   *[other] The card was checked in { $n } minutes ago.
}
verdict-lists-old = The check lists are { $n } hours old: a blocked card may not be known here yet. Connect to the internet.
verdict-let-in = Let in
verdict-let-in-companion = Let in with companion
verdict-cancel = Cancel
verdict-limit = The limit of { $n } free { $max ->
    [one] visit
   *[other] visits
} { $per ->
    [week] this week
    [month] this month
    [season] this season
   *[year] this year
} is reached.
verdict-limit-one-left = Only one free visit left: the companion does not come in free today.
verdict-let-in-anyway = Let in anyway
verdict-let-in-anyway-companion = Let in anyway with companion
verdict-refuse = Do not let in
venue-refused-done = Recorded: { $name } was not let in (the limit is reached).
verdict-invalid = Not valid
verdict-next = Next
reason-expired = The card has expired.
reason-not-yet-valid = The card is not valid yet.
reason-revoked = The card is blocked.
reason-old-code = The code is old: a screenshot or a photo.
reason-unknown-issuer = The card was issued by an unknown issuer.
reason-not-a-card = This is not an activity card.
reason-not-genuine = The card is not genuine.
hint-new-card = The holder can ask for a new card where they got this one.
hint-revoked = The card may have been reported lost. The holder can ask for a new card.
hint-live-code = Ask to see the app: the code should change every ten seconds, and the clock should run.
hint-update-lists = Update the check lists online and try again.
hint-show-card = Ask to see the activity card in the app.
hint-not-genuine = Ask to see the card in the app and check again.
scan-video-label = The camera's picture
scan-start = Scan with the camera
scan-stop = Stop the camera
scan-off = The camera is off.
scan-starting = Starting the camera …
scan-on = Hold the code on the card in front of the camera.
scan-denied = The app was not allowed to use the camera. You can allow it in the settings, or paste the code.
scan-unavailable = No camera found. Paste the code instead.

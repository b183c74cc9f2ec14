# The admin area (Kulturetaten's staff), in English.
admin-title = Administration
admin-nav = Administration
admin-nav-stats = Statistics
admin-nav-offers = Offers
admin-nav-cards = Cards
admin-nav-venues = Venues
admin-sign-out = Sign out
admin-sign-in-provider = Sign in with the municipality's account
admin-sign-in-or-key = Or with an admin or provider key:
admin-sign-in-no-role = Your account has no role in Aktivitetskortet. Ask for the administration or statistics role, or for your provider's role if you work for a provider.
admin-sign-in-refused = The sign-in was not accepted. Try again.
admin-sign-in-expired = The sign-in took too long or was already used. Try again.
admin-sign-in-failed = The municipality's sign-in did not answer. Try again later, or use an admin key.
admin-audit-staff-sign-in = Signed in
admin-audit-staff-sign-out = Signed out
admin-sign-in-title = Sign in
admin-sign-in-intro = For Kulturetaten: offers, cards, venue keys and statistics. For providers: their own offers, visits and settlement.
admin-key-label = Admin or provider key
admin-key-help = An admin key starts with ak_admin_, a provider key with ak_provider_. It is kept only until you close the tab.
admin-sign-in = Sign in
admin-error-key = The key does not work. It may be mistyped or withdrawn.
admin-error-offline = No connection to the server. Try again.
admin-line = Line { $line }
admin-loading = Loading …
admin-actions = Actions

admin-offers-title = Offers
admin-offer-new = New offer
admin-offer-edit = Edit offer
admin-offers-search = Search by title, venue or id
admin-offer-title = Title
admin-edit = Edit
admin-delete = Delete
admin-delete-yes = Yes, delete
admin-offer-edit-label = Edit { $title }
admin-offer-delete-label = Delete { $title }
admin-offer-deleted = The offer { $id } has been deleted.
admin-back-to-offers = All offers
admin-offer-saved = { $title } has been saved.
admin-form-has-errors = Something must be fixed before the offer can be saved. See the messages by the fields.
admin-save = Save

admin-import-title = Import offers from a file
admin-import-help = A CSV file (the columns of the export, semicolons or commas) or a JSON list. You see everything that will be imported before anything is saved, and nothing is imported while anything is wrong.
admin-import-file = Choose a file
admin-import-text = Or paste its content
admin-import-preview = Preview
admin-import-problems = { $count ->
    [one] { $n } problem must be fixed. Nothing has been imported.
   *[other] { $n } problems must be fixed. Nothing has been imported.
}
admin-import-ready = { $count ->
    [one] { $n } offer is ready to import.
   *[other] { $n } offers are ready to import.
}
admin-import-go = Import { $n } offers
admin-import-done = Imported: { $created } new and { $updated } changed offers.

admin-field-id = Id
admin-field-id-help = Lower-case letters a–z, digits and hyphens, for example kode-familiesondag. Cannot be changed later.
admin-field-title = Title
admin-field-summary = Short description (for the list)
admin-field-description = Description
admin-field-age-min = From age
admin-field-age-max = To age
admin-field-organiser = Organiser
admin-field-venue = Venue
admin-field-address = Address
admin-field-location = Map position
admin-field-location-help = Optional: latitude and longitude, for "near me" and the map link.
admin-field-lat = Latitude
admin-field-lon = Longitude
admin-field-booking-how = How to book (bokmål)
admin-field-booking-url = Website for booking
admin-field-booking-phone = Phone for booking
admin-schedule-weekly = The same time every week
admin-schedule-dates = Given dates
admin-start = Starts
admin-end = Ends (optional)
admin-date = Date
admin-remove-row = Remove
admin-add-time = Add a weekday
admin-add-date = Add a date
admin-season-from = The season starts
admin-season-to = The season ends
admin-image = Picture
admin-image-alt = The offer's picture
admin-image-upload = Upload a picture (PNG or JPEG)
admin-image-saved = The picture has been saved.

admin-cards-title = Cards
admin-cards-privacy = A card holds only the given name, birth year and validity. Never write why the child has the card.
admin-issued-title = New cards in this session
admin-issued-help = The codes are shown only now. Print the letters before you close the page.
admin-field-given-name = Given name
admin-code = Activation code
admin-field-language = Letter's language
admin-letter = Letter
admin-letter-for = { $name }'s letter
admin-all-letters = Show all { $n } letters
admin-all-cards = All cards
admin-issue-one = Issue one card
admin-error-date = Write the date as YYYY-MM-DD.
admin-error-year = Write the birth year with four digits, for example 2015.
admin-field-birth-year = Birth year
admin-field-valid-from = Valid from
admin-field-valid-until = Valid until
admin-issue = Issue the card
admin-issue-many = Issue many cards from a list (CSV)
admin-issue-many-help = One row per child: given name, birth year, valid from and until; the companion rule and the letter's language may be left out. Every row is checked first.
admin-issue-many-go = Issue { $n } cards
admin-issue-many-stopped = Row { $line } was not issued ({ $why }). { $done } cards before it are issued; the rest not.
admin-letters-title = Activation letters
admin-print = Print
admin-download = Download
admin-cards-search = Search by given name
admin-validity = Validity
admin-status = Status
admin-status-pending = Not activated
admin-status-active = Active
admin-status-revoked = Blocked
admin-reissue = New letter
admin-reissue-label = New letter for { $name }
admin-revoke = Block
admin-revoke-yes = Yes, block
admin-revoke-label = Block { $name }'s card

admin-venues-title = Venues
admin-venue-new = New venue key
admin-venue-name = The venue's name
admin-venue-offers = { $count ->
    [0] Offers the venue checks in for (choose at least one)
   *[other] Offers the venue checks in for ({ $n } chosen)
}
admin-venue-create = Make the key
admin-venue-key-once = The venue key for { $venue } is shown only now. Give it to the venue safely.
admin-venue-key-qr = QR code holding the venue key
admin-venues-list = All venue keys
admin-venue-offer-count = Offers
admin-venue-revoke-label = Withdraw { $venue }'s key

admin-stats-title = Statistics
admin-stats-period = Period
admin-stats-quarter = Q{ $quarter } { $year }
admin-stats-next = { $period } can be read from { $date }, once no late upload can change its figures.
admin-stats-no-periods = No period has closed yet.
admin-stats-hidden = "<5" means hidden: fewer than five children, or a figure that could give away such a small group. No figure shows a single child. Figures exist only for closed quarters and years, so no two reports can be subtracted from each other.
admin-stats-csv = Download as CSV
admin-stats-visits = Visits
admin-stats-holders = Different children
admin-stats-companion = With a companion
admin-stats-by-month = Visits per month
admin-stats-by-category = By category
admin-stats-by-district = By district
admin-stats-by-age = By age band
admin-stats-age-band = Ages { $band }
admin-stats-top = Most visited offers
admin-stats-none = No offer with at least five children in the period.

## The rules' messages, next to the fields
admin-msg-too-long = At most { $max } characters.
admin-msg-required = Required.
admin-msg-bokmal-required = The bokmål text is required.
admin-msg-id = 1–64 characters: lower-case letters a–z, digits and hyphens.
admin-msg-ages = The card covers ages 0–17.
admin-msg-age-order = Must not be above the highest age.
admin-msg-one-date = Give at least one date.
admin-msg-one-time = Give at least one weekday with a time.
admin-msg-end-before-start = An end time is not after its start.
admin-msg-season-order = The season ends before it starts.
admin-msg-url = A web address starting with https://.
admin-msg-booking = Say how to book: in words, a web address or a phone number.
admin-msg-not-bergen = The coordinates are not in Bergen (latitude 60.0–60.7, longitude 4.8–5.8).
admin-msg-age-number = A whole number from 0 to 17.
admin-msg-location-number = Latitude and longitude as decimal numbers, e.g. 60.3887 and 5.3252.
admin-msg-weekly-row = Each weekday needs a day and a start (HH:MM); the end is optional.
admin-msg-date-row = Each date needs a date and a start (HH:MM); the end is optional.
admin-msg-season-dates = Both the first and the last day, as YYYY-MM-DD.
admin-msg-card-ages = The card is for children and youths aged 0–17.
admin-msg-card-order = The card ends before it starts.
admin-msg-card-length = A card lasts at most half a year.
admin-msg-card-ended = The card would already have ended.
admin-msg-language = One of nb, en, uk, ar.
admin-msg-name-empty = The given name is missing.
admin-msg-name-long = The given name is too long (at most 48 bytes). Use the first given name.
admin-msg-name-clean = The given name has control, format or direction characters, or spaces at its ends.
admin-msg-name-shape = The given name must start and end with a letter, with one space, hyphen or apostrophe at a time between letters.
admin-msg-name-character = The given name may only have letters, with a space, hyphen or apostrophe between them. This character is not allowed: { $character }
admin-cards-count = { $count ->
    [one] { $n } card
   *[other] { $n } cards
}

admin-nav-audit = Audit log
admin-audit-title = Audit log
admin-audit-intro = Everything done in the admin area, with the key that did it. The log names cards, offers and keys by id, never a child's name.
admin-audit-when = When
admin-audit-who = Who
admin-audit-what = What
admin-audit-object = Object
admin-audit-more = Show older
admin-audit-command-line = The server (command line)
admin-audit-card-issue = Issued a card
admin-audit-cards-list = Viewed the card list (number of cards)
admin-audit-card-reissue = New letter
admin-audit-card-revoke = Revoked a card
admin-audit-letters = Printed letters
admin-audit-offer-create = New offer
admin-audit-offer-update = Changed an offer
admin-audit-offer-delete = Deleted an offer
admin-audit-offer-import = Imported offers
admin-audit-offer-image = New picture
admin-audit-venue-key-create = New venue key
admin-audit-venue-key-revoke = Withdrew a venue key
admin-audit-stats-read = Viewed statistics
admin-audit-stats-export = Downloaded statistics
admin-audit-admin-key-create = New admin key
admin-audit-admin-key-revoke = Withdrew an admin key
admin-key-expires = Your key ({ $label }) stops working in { $days ->
    [one] { $days } day
   *[other] { $days } days
}, { $date }. Ask for a new one in time.

admin-record = Insight and erasure
admin-record-label = Everything about { $name }'s card: insight and erasure
admin-record-title = Everything held about { $name }'s card
admin-record-issued = Issued
admin-record-codes = Activation codes (the codes themselves are not kept)
admin-record-code = Made { $made }, valid until { $until }, used: { $used }
admin-record-unused = not used
admin-record-keys = Phone keys (their public half)
admin-record-key = Issued { $made }, valid until { $until }
admin-record-visits = Visits that can still be linked to the card
admin-record-none = None.
admin-record-companion = with a companion
admin-record-unlinkable = Visits in { $years } can no longer be linked to any card.
admin-record-audit = Audit log lines about the card
admin-record-close = Close
admin-erase = Erase everything about the card
admin-erase-confirm = Erase the card and everything about it? It is revoked, and cannot be brought back.
admin-erase-yes = Yes, erase
admin-erase-keeps = Erasing revokes the card and deletes its name, birth year, language, codes and phone keys. Its visits still count in the statistics but cannot be linked to the card. The audit log keeps the card's id, never its name.
admin-erased = The card is erased. { $visits } visits still count, linked to nothing.

## Visit rules, providers and settlements
admin-nav-own-offers = My offers
admin-nav-visits = Visits
admin-nav-settlement = Settlement
admin-nav-providers = Providers
admin-msg-refund = Write the amount in kroner, for example 75 or 75.50 (at most 10,000).
admin-msg-rule-number = The number of free visits must be a whole number from 1 to 999.
admin-msg-rule-season = The offer has no season to count in: give it a season first.
admin-msg-rule-category-season = A category has no season: count per week, month or year.
admin-offer-pending = Waiting for approval
admin-offer-approve = Approve
admin-offer-approve-label = Approve { $title }
admin-offer-approved = { $id } is approved and shows in the app at its next update.
admin-provider-approval-note = New offers you make wait for the municipality's approval before they show in the app. Changes to approved offers show at once.
admin-rule-column = Free visits
admin-rule-legend = Free visits with the card
admin-rule-category = As its category (limits per category)
admin-rule-unlimited = Unlimited, even if the category has a limit
admin-rule-limited = A set number
admin-rule-max = Number of free visits
admin-rule-per = Per
admin-rule-per-week = week
admin-rule-per-month = month
admin-rule-per-season = season (the offer's)
admin-rule-per-year = calendar year
admin-rule-companion = A companion uses a visit too
admin-rule-limit-label = Limit for { $category }
admin-rule-none = as its category
admin-rule-unlimited-short = unlimited
admin-rule-text = { $n } per { $per ->
    [week] week
    [month] month
    [season] season
   *[year] year
}{ $companion ->
    [yes] , companion counts
   *[no] {""}
}
admin-rules-title = Limits per category
admin-rules-intro = A category's limit applies to every offer in it without a rule of its own, and their visits count together. Categories not ticked have no limit.
admin-rules-save = Save the limits
admin-rules-saved = The limits per category are saved. The apps get them at their next update.
admin-terms-title = Provider and refund
admin-terms-provider = Provider that keeps the offer
admin-terms-no-provider = None (the municipality itself)
admin-terms-refund = Refund per person let in (NOK)
admin-terms-save = Save provider and refund
admin-terms-saved = The provider and refund are saved.
admin-providers-title = Providers
admin-providers-intro = A provider (a museum, a sports club) gets a provider key. With it, it can change its own offers, make new ones (which wait for approval here), read visit counts and download its settlement.
admin-provider-new = New provider
admin-provider-name = Provider's name
admin-provider-name-help = Write the provider's name (1–200 characters).
admin-provider-create = Make a provider key
admin-provider-role = Sign-in role:
admin-provider-key-once = The provider key for { $name }. It is shown only now: give it to the provider in a safe way.
admin-providers-list = Providers
admin-providers-none = No providers yet.
admin-provider-offers = Offers
admin-provider-revoke-label = Withdraw the key of { $name }
admin-provider-settlement = Settlement for { $name }
admin-provider-new-key = New key
admin-provider-new-key-label = A new key for { $name }
admin-provider-new-key-yes = Yes, make a new key
admin-provider-new-key-once = A new provider key for { $name }. The old one no longer works. The new one is shown only now: give it to the provider in a safe way.
admin-provider-settlement-label = Settlement for { $name }
admin-settlement-title = Settlement
admin-settlement-intro = Visits with the activity card per offer and month, companions apart, and the refund per person the municipality set. The counts are exact: these are visits you let in yourselves.
admin-settlement-month = Month
admin-settlement-whole-year = The whole year
admin-settlement-heading = { $provider }: { $period }
admin-settlement-open = The period has not ended: visits can be uploaded up to 14 days later, so the counts may grow.
admin-settlement-none = No visits in the period.
admin-settlement-col-month = Month
admin-settlement-col-offer = Offer
admin-settlement-col-visits = Visits
admin-settlement-col-companions = Companions
admin-settlement-col-over = Over the limit
admin-settlement-col-refund = Refund per person
admin-settlement-col-amount = Amount
admin-settlement-total = Total
admin-settlement-no-refund = not set
admin-settlement-csv = Download CSV
admin-visits-title = Visits
admin-visits-intro = Visits and children per offer and closed month (a month closes 15 days after its end).
admin-visits-year = Year
admin-visits-none = No closed months with visits yet.
admin-visits-col-children = Children
admin-visits-hidden = "<5" means hidden: fewer than five visits or children, so no single child can be recognised.
admin-stats-refused = Refused at a limit
admin-stats-limits = Visits at the limits of free visits
admin-stats-limits-help = Visits where the card had used up its free visits: let in anyway by staff, or found over the limit only when the visits were uploaded (from devices that were offline). Refusals are not visits and are counted apart.
admin-stats-limit-within = Within the limits (or without one)
admin-stats-limit-override = Let in anyway
admin-stats-limit-over-found = Over the limit, found at upload

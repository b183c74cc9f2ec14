# Norsk bokmål: the app's first language. Every message here must exist in en, uk and ar too, with
# the same placeables (a test fails otherwise). Numbers and dates arrive already formatted ($n,
# $date ...); $count and $days are plain numbers, for choosing plural forms.
app-name = Aktivitetskortet
nav-label = Hovedmeny
nav-card = Kort
nav-offers = Tilbud
nav-favourites = Favoritter
nav-settings = Innstillinger
offline-badge = Uten nett
loading = Åpner …
offers-loading = Tilbudene åpnes …

## Saving on this phone
store-elsewhere = Aktivitetskortet er åpent i en annen fane eller et annet vindu. Det kan bare være åpent ett sted om gangen, så ingenting blir borte.
store-use-here = Bruk det her
store-save-failed = Endringen er ikke lagret på telefonen ennå. Vi prøver igjen. Hvis det ikke går, frigjør litt lagringsplass.
store-set-aside-damaged = Det som var lagret i appen, kunne ikke leses. Det er lagt til side, ikke slettet. Legg til kortet igjen; trenger du en ny kode, spør der du fikk kortet.
store-set-aside-newer = Det som var lagret i appen, er fra en nyere versjon. Det er lagt til side, ikke slettet. Last inn siden på nytt for å få den nye versjonen.
store-reload = Last inn på nytt
store-dismiss = Lukk

## The card
card-title = Mitt kort
card-empty = Her vises kortet ditt.
card-empty-help = Du legger til kortet med aktiveringskoden i brevet du fikk fra Bergen kommune.
card-placeholder-label = Plass for aktivitetskortet
card-add = Legg til kort
card-add-another = Legg til et kort til
card-switcher-label = Velg hvilket kort som vises
card-issuer = Bergen kommune
card-age = { $age } år
card-qr-label = QR-kode for kortet til { $name }. Vis den til den som sjekker kortet.
card-qr-failed = Koden kunne ikke vises. Lukk appen og åpne den igjen.
card-ended = Kortet gjaldt til { $date }. Spør om et nytt kort der du fikk dette.
card-needs-network = Kortet må fornyes før det kan vises. Koble telefonen til internett en liten stund, så fornyes det av seg selv.
card-valid-until = Gyldig til
card-companion = Ledsager
card-show-help = Vis kortet i inngangen. Klokken og prikken viser at kortet er ekte og ikke et bilde.
card-ends-soon = Kortet gjelder til { $date }. { $days ->
    [0] I dag er siste dag.
    [one] Det er én dag igjen.
   *[other] Det er { $n } dager igjen.
} Spør om et nytt kort der du fikk dette.
card-not-refreshed = Kortet kunne ikke fornyes, men virker til { $date }. Koble til internett, så fornyes det av seg selv.
companion-none = Kortet gjelder bare for deg.
companion-public-events = Du kan ta med én ledsager på offentlige arrangementer.
companion-everywhere = Du kan ta med én ledsager.

## Adding a card
add-title = Legg til kort
add-intro = Skriv inn aktiveringskoden fra brevet. Har du flere barn, legger du til ett kort om gangen.
add-code-label = Aktiveringskode
add-code-help = Koden har 16 bokstaver og tall, for eksempel K7QF-9M2X-HT4P-WJ3R. Store eller små bokstaver spiller ingen rolle.
add-submit = Legg til kortet
add-busy = Legger til …
add-online-note = Du trenger internett for å legge til kortet. Etterpå virker kortet uten nett.
add-lost-note = Har du mistet brevet eller telefonen? Spør om et nytt brev der du fikk kortet.
add-done = Kortet til { $name } er lagt til.
add-error-empty = Skriv inn koden fra brevet.
add-error-length = Koden skal ha { $expected } bokstaver og tall. Du har skrevet { $count }.
add-error-character = «{ $char }» finnes ikke i koder. Koder har bare bokstavene A–Z og tall.
add-error-wrong = Koden virker ikke. Den kan være skrevet feil, allerede brukt eller for gammel. Sjekk brevet, eller spør om et nytt.
add-error-too-many = For mange forsøk. Vent et kvarter og prøv igjen.
add-error-offline = Du er ikke på nett. Koble til internett og prøv igjen.
add-error-server = Noe gikk galt hos kommunen. Prøv igjen senere.
add-error-phone = Kortet kunne ikke lagres på telefonen. Prøv igjen.

## Dates, times and numbers
month-1 = januar
month-2 = februar
month-3 = mars
month-4 = april
month-5 = mai
month-6 = juni
month-7 = juli
month-8 = august
month-9 = september
month-10 = oktober
month-11 = november
month-12 = desember
month-short-1 = jan.
month-short-2 = feb.
month-short-3 = mar.
month-short-4 = apr.
month-short-5 = mai
month-short-6 = jun.
month-short-7 = jul.
month-short-8 = aug.
month-short-9 = sep.
month-short-10 = okt.
month-short-11 = nov.
month-short-12 = des.
weekday-monday = mandag
weekday-tuesday = tirsdag
weekday-wednesday = onsdag
weekday-thursday = torsdag
weekday-friday = fredag
weekday-saturday = lørdag
weekday-sunday = søndag
weekday-short-monday = man.
weekday-short-tuesday = tir.
weekday-short-wednesday = ons.
weekday-short-thursday = tor.
weekday-short-friday = fre.
weekday-short-saturday = lør.
weekday-short-sunday = søn.
date-long = { $day }. { $month } { $year }
date-short = { $weekday } { $day }. { $month }
date-at-time = { $day } kl. { $time }
day-today = i dag
day-tomorrow = i morgen
distance-m = { $n } m
distance-km = { $n } km
size-kb = { $n } kB
size-mb = { $n } MB
age-range = { $min }–{ $max } år
age-all = Alle aldre
offers-count = { $count ->
    [one] { $n } tilbud
   *[other] { $n } tilbud
}

## Keeping offers up to date
sync-last-updated = Oppdatert { $when }
sync-offline = Du er uten nett. Tilbudene er fra siste oppdatering og kan brukes som vanlig.
sync-failed = Tilbudene kunne ikke oppdateres nå. Appen prøver igjen senere.
sync-running = Oppdaterer …
sync-never = Tilbudene er ikke lastet ned ennå.
sync-now = Oppdater nå

## Offers
offers-title = Tilbud
offers-intro = Gratis kultur- og idrettstilbud i Bergen for deg som har aktivitetskort.
offers-empty = Tilbudene lastes ned når du er på nett, og kan brukes uten nett etterpå.
offers-search-label = Søk i tilbudene
offers-search-placeholder = For eksempel svømming eller KODE
offers-none-found = Ingen tilbud passer. Prøv færre filtre eller et annet ord.
offers-show-more = Vis flere
offers-near-denied = Appen fikk ikke bruke posisjonen. Du kan tillate det i telefonens innstillinger.
offers-near-unavailable = Telefonen fant ikke posisjonen din akkurat nå.
filter-age = Alder
filter-category = Kategori
filter-more = Flere filtre
filter-district = Bydel
filter-day = Dag
filter-date = Eller velg en dato
filter-companion = Ledsager
filter-companion-included = Ledsager går gratis
filter-accessibility = Tilgjengelighet
filter-clear = Fjern filtre
day-today-chip = I dag
day-tomorrow-chip = I morgen
sort-label = Sorter
sort-soonest = Snarest
sort-nearest = Nærmest meg
sort-name = Navn
category-museum = Museum og kunst
category-music = Musikk
category-stage = Teater, dans og film
category-sport = Idrett
category-swimming = Svømming
category-outdoor = Friluftsliv
category-culture-activity = Kurs og aktiviteter
category-event = Arrangementer
access-step-free = Trinnfri adkomst
access-hearing-loop = Teleslynge
access-accessible-toilet = HC-toalett
access-sign-language = Tegnspråk
access-sensory-friendly = Skjermet og rolig

## One offer
offer-no-date = Ingen kommende datoer
offer-is-favourite = (favoritt)
offer-missing = Fant ikke tilbudet
offer-back = Alle tilbud
offer-demo = Eksempel: ikke et ekte tilbud
offer-favourite = Favoritt
offer-calendar = Legg i kalenderen
offer-category = Kategori
offer-ages = Alder
offer-next = Neste gang
offer-how = Slik bruker du kortet her
offer-booking-required = Du må bestille plass før du kommer.
offer-booking-web = Bestill på nettsiden
offer-show-card-after-booking = Vis kortet i inngangen når du kommer.
offer-show-card = Du trenger ikke bestille. Vis kortet i inngangen.
offer-companion = Ledsager
offer-companion-yes = Én ledsager kommer gratis inn sammen med deg.
offer-companion-no = Ledsagere kommer ikke gratis inn her.
offer-when = Når
offer-every = Hver { $weekday }
offer-season = Fra { $from } til { $to }
offer-where = Hvor
offer-open-map = åpne i kart
offer-organiser = Arrangør: { $name }
offer-accessibility = Tilgjengelighet
offer-accessibility-none = Arrangøren har ikke oppgitt noe om tilgjengelighet.
offer-visits-left = { $name } har { $l } av { $max ->
    [one] ett
   *[other] { $n }
} gratis besøk igjen { $per ->
    [week] denne uka
    [month] denne måneden
    [season] denne sesongen
   *[year] i år
}.
offer-visits-used-up = { $name } har brukt { $max ->
    [one] det ene gratis besøket
   *[other] alle de { $n } gratis besøkene
} { $per ->
    [week] denne uka
    [month] denne måneden
    [season] denne sesongen
   *[year] i år
}.
offer-visits-again = Nye gratis besøk fra { $date }.
offer-visits-limit = Kortet gir { $max ->
    [one] ett
   *[other] { $n }
} gratis besøk { $per ->
    [week] i uka
    [month] i måneden
    [season] i sesongen
   *[year] i året
} her.
offer-visits-companion = En ledsager bruker også ett av besøkene.
offer-visits-updated = Tallet er fra { $when }. Besøk etter det er ikke med.
offer-about = Om tilbudet

## Favourites
favourites-title = Favoritter
favourites-empty = Du har ingen favoritter ennå. Trykk «Favoritt» på et tilbud for å samle det her.
favourites-find = Finn tilbud
favourites-help = Favorittene lagres bare på denne telefonen.

## Settings
settings-title = Innstillinger
settings-language = Språk
settings-language-help = Appen følger språket på telefonen. Du kan velge et annet her.
settings-cards = Kort på denne telefonen
settings-no-cards = Det er ingen kort på denne telefonen.
settings-remove = Fjern
settings-remove-label = Fjern kortet til { $name }
settings-remove-confirm = Vil du fjerne kortet til { $name } fra telefonen? Det kan bare legges til igjen med et nytt brev.
settings-remove-yes = Ja, fjern kortet
settings-remove-no = Avbryt
settings-removed = Kortet til { $name } er fjernet.
settings-everything = Fjern alt fra denne telefonen
settings-everything-text = Sletter alle kortene, favorittene, innstillingene og de lagrede tilbudene som appen har på denne telefonen. Kortene kan bare legges til igjen med nye brev.
settings-everything-button = Fjern alt
settings-everything-confirm = Vil du slette alt appen har lagret på denne telefonen? Kortene kan bare legges til igjen med nye brev fra Kulturetaten.
settings-everything-yes = Ja, fjern alt
settings-everything-removed = Alt er fjernet fra telefonen.
settings-everything-waiting = Noen besøk er ikke lastet opp ennå ({ $count }). Last dem opp først, i stedsmodus.
settings-sync = Oppdatering
settings-storage = Appen bruker { $size } på telefonen ({ $offers }).
settings-privacy = Personvern
privacy-stores-heading = Dette lagrer appen på telefonen
privacy-stores = Kortene du har lagt til (fornavn, fødselsår, hvor lenge kortet gjelder og en nøkkel som er laget på denne telefonen), tilbudene, favorittene dine og språket du har valgt.
privacy-sends-heading = Dette sender appen
privacy-sends = Når du legger til et kort: koden fra brevet og den offentlige delen av nøkkelen. Omtrent en gang i uken fornyer appen kortet ved å sende koden som vises på kortet. Når kortet sjekkes på et tilbud, registrerer stedet besøket for kommunens statistikk, som aldri viser grupper på under fem barn. Når appen henter tilbud, sender den ingenting om deg.
privacy-never-heading = Dette vet appen ikke
privacy-never = Appen vet ikke og lagrer ikke hvorfor du har kortet. Søk, filtre, favoritter og posisjonen din blir på telefonen og sendes aldri.
settings-about = Om appen
settings-about-text = Aktivitetskortet gir barn og unge i Bergen gratis inngang til kultur- og idrettstilbud.
settings-version = Versjon
not-found-title = Fant ikke siden
not-found-back = Til kortet

## Venue mode (for staff)
settings-venue = Stedmodus for ansatte
settings-venue-text = For ansatte på et tilbud: sjekk aktivitetskort og registrer besøk, også uten nett. Du trenger stedsnøkkelen fra Bergen kommune.
settings-venue-open = Åpne stedmodus
venue-badge = Kortkontroll
venue-exit = Avslutt
venue-setup-title = Sett opp kortkontroll
venue-setup-intro = Skriv inn eller skann stedsnøkkelen du fikk fra Bergen kommune. Oppsettet trenger nett én gang; etterpå virker kontrollen uten nett.
venue-key-label = Stedsnøkkel
venue-key-help = Nøkkelen begynner med ak_venue_.
venue-setup-submit = Sett opp
venue-setup-busy = Sjekker nøkkelen …
venue-key-scan = Eller skann nøkkelen
venue-error-key = Nøkkelen virker ikke. Den kan være skrevet feil eller trukket tilbake. Spør Bergen kommune.
venue-error-offline = Du er ikke på nett. Oppsettet trenger nett én gang.
venue-error-server = Noe gikk galt hos kommunen. Prøv igjen senere.
venue-choose-title = Velg tilbudet
venue-choose-intro = Hvilket tilbud hos { $venue } sjekker du kort for nå?
venue-check-title = Sjekk kort
venue-checking-for = Sjekker for:
venue-visits-today = { $count ->
    [one] { $n } besøk i dag
   *[other] { $n } besøk i dag
}
venue-visits-waiting = { $count ->
    [0] Alt er lastet opp
    [one] { $n } venter på opplasting
   *[other] { $n } venter på opplasting
}
venue-visits-set-aside = { $count ->
    [one] { $n } besøk ble ikke godtatt av kommunen og er lagt til side
   *[other] { $n } besøk ble ikke godtatt av kommunen og er lagt til side
}
venue-lists-from = Kontrollistene er fra { $when }.
venue-lists-none = Kontrollistene er ikke hentet ennå. Koble til nett.
venue-clock-fast = Klokka på denne enheten går { $n } min for fort. Kontrollen bruker serverens tid, men rett klokka i enhetens innstillinger.
venue-clock-slow = Klokka på denne enheten går { $n } min for sakte. Kontrollen bruker serverens tid, men rett klokka i enhetens innstillinger.
venue-not-ready-lists = Kortet kan ikke sjekkes før kontrollistene er hentet. Koble til nett én gang.
venue-not-ready-venue = Stedmodus er ikke satt opp.
venue-paste-label = Eller lim inn koden fra kortet
venue-check = Sjekk
venue-settings = Innstillinger for stedet
venue-change-offer = Bytt tilbud
venue-forget = Glem stedsnøkkelen
venue-forget-confirm = Vil du glemme stedsnøkkelen på denne enheten? Besøk som ikke er lastet opp, blir liggende til nøkkelen settes opp igjen.
venue-forget-yes = Ja, glem nøkkelen
venue-let-in-done = Besøket til { $name } er registrert.
verdict-valid = Gyldig
verdict-check = Gyldig – men se etter
verdict-valid-until = Gyldig til { $date }
verdict-companion = + 1 ledsager
verdict-seen-recently = { $minutes ->
    [0] Kortet ble sjekket inn for under ett minutt siden.
    [one] Kortet ble sjekket inn for ett minutt siden.
   *[other] Kortet ble sjekket inn for { $n } minutter siden.
}
verdict-lists-old = Kontrollistene er { $n } timer gamle: et sperret kort er kanskje ikke kjent her ennå. Koble til nett.
verdict-let-in = Slipp inn
verdict-let-in-companion = Slipp inn med ledsager
verdict-cancel = Avbryt
verdict-limit = Grensen på { $max ->
    [one] ett
   *[other] { $n }
} gratis besøk { $per ->
    [week] denne uka
    [month] denne måneden
    [season] denne sesongen
   *[year] i år
} er nådd.
verdict-limit-one-left = Bare ett gratis besøk igjen: ledsageren kommer ikke gratis inn i dag.
verdict-let-in-anyway = Slipp inn likevel
verdict-let-in-anyway-companion = Slipp inn likevel med ledsager
verdict-refuse = Ikke slipp inn
venue-refused-done = Registrert: { $name } ble ikke sluppet inn (grensen er nådd).
verdict-invalid = Ikke gyldig
verdict-next = Neste
reason-expired = Kortet er utløpt.
reason-not-yet-valid = Kortet gjelder ikke ennå.
reason-revoked = Kortet er sperret.
reason-old-code = Koden er gammel: et skjermbilde eller et foto.
reason-unknown-issuer = Kortet er utstedt av en ukjent utsteder.
reason-not-a-card = Dette er ikke et aktivitetskort.
reason-not-genuine = Kortet er ikke ekte.
hint-new-card = Innehaveren kan spørre om nytt kort der de fikk dette.
hint-revoked = Kortet kan ha blitt meldt tapt. Innehaveren kan spørre om nytt kort.
hint-live-code = Be om å se appen: koden skal skifte hvert tiende sekund, og klokken skal gå.
hint-update-lists = Oppdater kontrollistene på nett og prøv igjen.
hint-show-card = Be om å se aktivitetskortet i appen.
hint-not-genuine = Be om å se kortet i appen og sjekk igjen.
scan-video-label = Kamerabildet
scan-start = Skann med kamera
scan-stop = Stopp kameraet
scan-off = Kameraet er av.
scan-starting = Starter kameraet …
scan-on = Hold koden på kortet foran kameraet.
scan-denied = Appen fikk ikke bruke kameraet. Du kan tillate det i innstillingene, eller lime inn koden.
scan-unavailable = Fant ikke noe kamera. Lim inn koden i stedet.

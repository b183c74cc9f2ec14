# The admin area (Kulturetaten's staff), in bokmål. Every message here must exist in
# admin.en.ftl with the same placeables (a test fails otherwise). The admin area is not translated
# to Ukrainian or Arabic: it is for the municipality's staff.
admin-title = Administrasjon
admin-nav = Administrasjon
admin-nav-stats = Statistikk
admin-nav-offers = Tilbud
admin-nav-cards = Kort
admin-nav-venues = Steder
admin-sign-out = Logg ut
admin-sign-in-provider = Logg inn med kommunens konto
admin-sign-in-or-key = Eller med en administrasjons- eller tilbydernøkkel:
admin-sign-in-no-role = Kontoen din har ingen rolle i Aktivitetskortet. Be om rollen for administrasjon eller statistikk, eller tilbyderens rolle hvis du arbeider hos en tilbyder.
admin-sign-in-refused = Innloggingen ble ikke godtatt. Prøv igjen.
admin-sign-in-expired = Innloggingen tok for lang tid eller er allerede brukt. Prøv igjen.
admin-sign-in-failed = Kommunens innlogging svarte ikke. Prøv igjen litt senere, eller bruk en administratornøkkel.
admin-audit-staff-sign-in = Logget inn
admin-audit-staff-sign-out = Logget ut
admin-sign-in-title = Logg inn
admin-sign-in-intro = For Kulturetaten: tilbud, kort, stedsnøkler og statistikk. For tilbydere: egne tilbud, besøk og oppgjør.
admin-key-label = Administrasjons- eller tilbydernøkkel
admin-key-help = Administrasjonsnøkkelen begynner med ak_admin_, tilbydernøkkelen med ak_provider_. Den huskes bare til du lukker fanen.
admin-sign-in = Logg inn
admin-error-key = Nøkkelen virker ikke. Den kan være skrevet feil eller trukket tilbake.
admin-error-offline = Ingen forbindelse med serveren. Prøv igjen.
admin-line = Linje { $line }
admin-loading = Henter …
admin-actions = Handlinger

admin-offers-title = Tilbud
admin-offer-new = Nytt tilbud
admin-offer-edit = Endre tilbud
admin-offers-search = Søk på tittel, sted eller id
admin-offer-title = Tittel
admin-edit = Endre
admin-delete = Slett
admin-delete-yes = Ja, slett
admin-offer-edit-label = Endre { $title }
admin-offer-delete-label = Slett { $title }
admin-offer-deleted = Tilbudet { $id } er slettet.
admin-back-to-offers = Alle tilbud
admin-offer-saved = { $title } er lagret.
admin-form-has-errors = Noe må rettes før tilbudet kan lagres. Se meldingene ved feltene.
admin-save = Lagre

admin-import-title = Importer tilbud fra fil
admin-import-help = En CSV-fil (kolonnene som i eksporten, semikolon eller komma) eller en JSON-liste. Du ser alt som skal importeres før noe lagres, og ingenting importeres så lenge noe er feil.
admin-import-file = Velg fil
admin-import-text = Eller lim inn innholdet
admin-import-preview = Forhåndsvis
admin-import-problems = { $count ->
    [one] { $n } feil må rettes. Ingenting er importert.
   *[other] { $n } feil må rettes. Ingenting er importert.
}
admin-import-ready = { $count ->
    [one] { $n } tilbud er klart til import.
   *[other] { $n } tilbud er klare til import.
}
admin-import-go = Importer { $n } tilbud
admin-import-done = Importert: { $created } nye og { $updated } endrede tilbud.

admin-field-id = Id
admin-field-id-help = Små bokstaver a–z, tall og bindestrek, for eksempel kode-familiesondag. Kan ikke endres senere.
admin-field-title = Tittel
admin-field-summary = Kort beskrivelse (for listen)
admin-field-description = Beskrivelse
admin-field-age-min = Fra alder
admin-field-age-max = Til alder
admin-field-organiser = Arrangør
admin-field-venue = Sted
admin-field-address = Adresse
admin-field-location = Kartposisjon
admin-field-location-help = Valgfritt: breddegrad og lengdegrad, for «nær meg» og kartlenken.
admin-field-lat = Breddegrad
admin-field-lon = Lengdegrad
admin-field-booking-how = Slik bestiller man (bokmål)
admin-field-booking-url = Nettside for bestilling
admin-field-booking-phone = Telefon for bestilling
admin-schedule-weekly = Samme tid hver uke
admin-schedule-dates = Bestemte datoer
admin-start = Starter
admin-end = Slutter (valgfritt)
admin-date = Dato
admin-remove-row = Fjern
admin-add-time = Legg til en ukedag
admin-add-date = Legg til en dato
admin-season-from = Sesongen starter
admin-season-to = Sesongen slutter
admin-image = Bilde
admin-image-alt = Bildet til tilbudet
admin-image-upload = Last opp et bilde (PNG eller JPEG)
admin-image-saved = Bildet er lagret.

admin-cards-title = Kort
admin-cards-privacy = Kortet inneholder bare fornavn, fødselsår og gyldighet. Skriv aldri hvorfor barnet har kortet.
admin-issued-title = Nye kort i denne økten
admin-issued-help = Kodene vises bare nå. Skriv ut brevene før du lukker siden.
admin-field-given-name = Fornavn
admin-code = Aktiveringskode
admin-field-language = Språk i brevet
admin-letter = Brev
admin-letter-for = Brevet til { $name }
admin-all-letters = Vis alle { $n } brev
admin-all-cards = Alle kort
admin-issue-one = Utsted ett kort
admin-error-date = Skriv datoen som ÅÅÅÅ-MM-DD.
admin-error-year = Skriv fødselsåret med fire sifre, for eksempel 2015.
admin-field-birth-year = Fødselsår
admin-field-valid-from = Gyldig fra
admin-field-valid-until = Gyldig til
admin-issue = Utsted kortet
admin-issue-many = Utsted mange kort fra en liste (CSV)
admin-issue-many-help = Én rad per barn: fornavn, fødselsår, gyldig fra og til; ledsager og brevets språk kan utelates. Alle rader sjekkes først.
admin-issue-many-go = Utsted { $n } kort
admin-issue-many-stopped = Rad { $line } ble ikke utstedt ({ $why }). { $done } kort før den er utstedt; resten ikke.
admin-letters-title = Aktiveringsbrev
admin-print = Skriv ut
admin-download = Last ned
admin-cards-search = Søk på fornavn
admin-validity = Gyldighet
admin-status = Status
admin-status-pending = Ikke aktivert
admin-status-active = Aktiv
admin-status-revoked = Sperret
admin-reissue = Nytt brev
admin-reissue-label = Nytt brev til { $name }
admin-revoke = Sperr
admin-revoke-yes = Ja, sperr
admin-revoke-label = Sperr kortet til { $name }

admin-venues-title = Steder
admin-venue-new = Ny stedsnøkkel
admin-venue-name = Stedets navn
admin-venue-offers = { $count ->
    [0] Tilbud stedet sjekker inn for (velg minst ett)
   *[other] Tilbud stedet sjekker inn for ({ $n } valgt)
}
admin-venue-create = Lag nøkkelen
admin-venue-key-once = Stedsnøkkelen til { $venue } vises bare nå. Gi den til stedet på en trygg måte.
admin-venue-key-qr = QR-kode med stedsnøkkelen
admin-venues-list = Alle stedsnøkler
admin-venue-offer-count = Tilbud
admin-venue-revoke-label = Trekk tilbake nøkkelen til { $venue }

admin-stats-title = Statistikk
admin-stats-period = Periode
admin-stats-quarter = { $quarter }. kvartal { $year }
admin-stats-next = { $period } kan leses fra { $date }, når ingen sen opplasting lenger kan endre tallene.
admin-stats-no-periods = Ingen periode er avsluttet ennå.
admin-stats-hidden = «<5» betyr skjult: færre enn fem barn, eller et tall som kunne avsløre en slik liten gruppe. Ingen tall viser enkeltbarn. Tall finnes bare for avsluttede kvartal og år, så ingen to rapporter kan trekkes fra hverandre.
admin-stats-csv = Last ned som CSV
admin-stats-visits = Besøk
admin-stats-holders = Ulike barn
admin-stats-companion = Med ledsager
admin-stats-by-month = Besøk per måned
admin-stats-by-category = Per kategori
admin-stats-by-district = Per bydel
admin-stats-by-age = Per aldersgruppe
admin-stats-age-band = { $band } år
admin-stats-top = Mest besøkte tilbud
admin-stats-none = Ingen tilbud med minst fem barn i perioden.

## The rules' messages, next to the fields
admin-msg-too-long = Høyst { $max } tegn.
admin-msg-required = Må fylles ut.
admin-msg-bokmal-required = Teksten på bokmål må fylles ut.
admin-msg-id = 1–64 tegn: små bokstaver a–z, tall og bindestrek.
admin-msg-ages = Kortet gjelder alder 0–17.
admin-msg-age-order = Kan ikke være over høyeste alder.
admin-msg-one-date = Legg inn minst én dato.
admin-msg-one-time = Legg inn minst én ukedag med tid.
admin-msg-end-before-start = En sluttid er ikke etter starttiden.
admin-msg-season-order = Sesongen slutter før den starter.
admin-msg-url = En nettadresse som begynner med https://.
admin-msg-booking = Skriv hvordan man bestiller: med ord, en nettadresse eller et telefonnummer.
admin-msg-not-bergen = Koordinatene er ikke i Bergen (breddegrad 60,0–60,7, lengdegrad 4,8–5,8).
admin-msg-age-number = Et helt tall fra 0 til 17.
admin-msg-location-number = Breddegrad og lengdegrad som desimaltall, for eksempel 60,3887 og 5,3252.
admin-msg-weekly-row = Hver ukedag trenger en dag og en starttid (TT:MM); sluttiden er valgfri.
admin-msg-date-row = Hver dato trenger en dato og en starttid (TT:MM); sluttiden er valgfri.
admin-msg-season-dates = Både første og siste dag, som ÅÅÅÅ-MM-DD.
admin-msg-card-ages = Kortet er for barn og unge i alderen 0–17.
admin-msg-card-order = Kortet slutter før det starter.
admin-msg-card-length = Et kort varer høyst et halvt år.
admin-msg-card-ended = Kortet ville allerede ha gått ut.
admin-msg-language = Ett av nb, en, uk, ar.
admin-msg-name-empty = Fornavnet mangler.
admin-msg-name-long = Fornavnet er for langt (høyst 48 byte). Bruk første fornavn.
admin-msg-name-clean = Fornavnet har kontrolltegn, formateringstegn eller retningstegn, eller mellomrom i starten eller slutten.
admin-msg-name-shape = Fornavnet må begynne og slutte med en bokstav, med ett mellomrom, én bindestrek eller én apostrof om gangen mellom bokstavene.
admin-msg-name-character = Fornavnet kan bare ha bokstaver, med mellomrom, bindestrek eller apostrof mellom dem. Dette tegnet er ikke tillatt: { $character }
admin-cards-count = { $count ->
    [one] { $n } kort
   *[other] { $n } kort
}

admin-nav-audit = Logg
admin-audit-title = Logg over handlinger
admin-audit-intro = Alt som gjøres i administrasjonen, med nøkkelen som gjorde det. Loggen viser kort, tilbud og nøkler med id, aldri barns navn.
admin-audit-when = Når
admin-audit-who = Hvem
admin-audit-what = Hva
admin-audit-object = Gjelder
admin-audit-more = Vis eldre
admin-audit-command-line = Serveren (kommandolinjen)
admin-audit-card-issue = Utstedte kort
admin-audit-cards-list = Så kortlisten (antall kort)
admin-audit-card-reissue = Nytt brev
admin-audit-card-revoke = Sperret kort
admin-audit-letters = Skrev ut brev
admin-audit-offer-create = Nytt tilbud
admin-audit-offer-update = Endret tilbud
admin-audit-offer-delete = Slettet tilbud
admin-audit-offer-import = Importerte tilbud
admin-audit-offer-image = Nytt bilde
admin-audit-venue-key-create = Ny stedsnøkkel
admin-audit-venue-key-revoke = Trakk tilbake stedsnøkkel
admin-audit-stats-read = Så statistikk
admin-audit-stats-export = Lastet ned statistikk
admin-audit-admin-key-create = Ny administratornøkkel
admin-audit-admin-key-revoke = Trakk tilbake administratornøkkel
admin-key-expires = Nøkkelen din ({ $label }) slutter å virke om { $days ->
    [one] { $days } dag
   *[other] { $days } dager
}, { $date }. Be om en ny i tide.

admin-record = Innsyn og sletting
admin-record-label = Alt om kortet til { $name }: innsyn og sletting
admin-record-title = Alt som er lagret om kortet til { $name }
admin-record-issued = Utstedt
admin-record-codes = Aktiveringskoder (selve kodene lagres ikke)
admin-record-code = Laget { $made }, gyldig til { $until }, brukt: { $used }
admin-record-unused = ikke brukt
admin-record-keys = Telefonnøkler (den offentlige delen)
admin-record-key = Utstedt { $made }, gyldig til { $until }
admin-record-visits = Besøk som fortsatt kan knyttes til kortet
admin-record-none = Ingen.
admin-record-companion = med ledsager
admin-record-unlinkable = Besøk i { $years } kan ikke lenger knyttes til noe kort.
admin-record-audit = Logg over handlinger med kortet
admin-record-close = Lukk
admin-erase = Slett alt om kortet
admin-erase-confirm = Vil du slette kortet og alt om det? Det sperres, og kan ikke hentes tilbake.
admin-erase-yes = Ja, slett
admin-erase-keeps = Sletting sperrer kortet og fjerner navn, fødselsår, språk, koder og telefonnøkler. Besøkene telles fortsatt i statistikken, men kan ikke knyttes til kortet. Loggen beholder kortets id, aldri navnet.
admin-erased = Kortet er slettet. { $visits } besøk telles videre uten å kunne knyttes til det.

## Visit rules, providers and settlements
admin-nav-own-offers = Mine tilbud
admin-nav-visits = Besøk
admin-nav-settlement = Oppgjør
admin-nav-providers = Tilbydere
admin-msg-refund = Skriv beløpet i kroner, for eksempel 75 eller 75,50 (høyst 10 000).
admin-msg-rule-number = Antall gratis besøk må være et helt tall fra 1 til 999.
admin-msg-rule-season = Tilbudet har ingen sesong å telle i: gi det en sesong først.
admin-msg-rule-category-season = En kategori har ingen sesong: tell per uke, måned eller år.
admin-offer-pending = Venter på godkjenning
admin-offer-approve = Godkjenn
admin-offer-approve-label = Godkjenn { $title }
admin-offer-approved = { $id } er godkjent og vises i appen ved neste oppdatering.
admin-provider-approval-note = Nye tilbud du lager, venter på godkjenning fra kommunen før de vises i appen. Endringer i godkjente tilbud vises med en gang.
admin-rule-column = Gratis besøk
admin-rule-legend = Gratis besøk med kortet
admin-rule-category = Som kategorien (grenser per kategori)
admin-rule-unlimited = Ubegrenset, også om kategorien har en grense
admin-rule-limited = Et bestemt antall
admin-rule-max = Antall gratis besøk
admin-rule-per = Per
admin-rule-per-week = uke
admin-rule-per-month = måned
admin-rule-per-season = sesong (tilbudets)
admin-rule-per-year = kalenderår
admin-rule-companion = En ledsager bruker også et besøk
admin-rule-limit-label = Grense for { $category }
admin-rule-none = som kategorien
admin-rule-unlimited-short = ubegrenset
admin-rule-text = { $n } per { $per ->
    [week] uke
    [month] måned
    [season] sesong
   *[year] år
}{ $companion ->
    [yes] , ledsager teller med
   *[no] {""}
}
admin-rules-title = Grenser per kategori
admin-rules-intro = En grense for en kategori gjelder alle tilbud i kategorien som ikke har sin egen regel, og besøkene telles sammen. Kategorier uten hake har ingen grense.
admin-rules-save = Lagre grensene
admin-rules-saved = Grensene per kategori er lagret. Appene får dem ved neste oppdatering.
admin-terms-title = Tilbyder og refusjon
admin-terms-provider = Tilbyder som har tilbudet
admin-terms-no-provider = Ingen (kommunen selv)
admin-terms-refund = Refusjon per person som slippes inn (kr)
admin-terms-save = Lagre tilbyder og refusjon
admin-terms-saved = Tilbyder og refusjon er lagret.
admin-providers-title = Tilbydere
admin-providers-intro = En tilbyder (et museum, en idrettsklubb) får en tilbydernøkkel. Med den kan den endre sine egne tilbud, lage nye (som venter på godkjenning her), se besøkstall og laste ned oppgjør.
admin-provider-new = Ny tilbyder
admin-provider-name = Navn på tilbyderen
admin-provider-name-help = Skriv navnet på tilbyderen (1–200 tegn).
admin-provider-create = Lag tilbydernøkkel
admin-provider-role = Rolle for innlogging:
admin-provider-key-once = Tilbydernøkkelen til { $name }. Den vises bare nå: gi den til tilbyderen på en trygg måte.
admin-providers-list = Tilbydere
admin-providers-none = Ingen tilbydere ennå.
admin-provider-offers = Tilbud
admin-provider-revoke-label = Trekk tilbake nøkkelen til { $name }
admin-provider-settlement = Oppgjør for { $name }
admin-provider-new-key = Ny nøkkel
admin-provider-new-key-label = Ny nøkkel til { $name }
admin-provider-new-key-yes = Ja, lag ny nøkkel
admin-provider-new-key-once = Ny tilbydernøkkel til { $name }. Den gamle virker ikke lenger. Den nye vises bare nå: gi den til tilbyderen på en trygg måte.
admin-provider-settlement-label = Oppgjør for { $name }
admin-settlement-title = Oppgjør
admin-settlement-intro = Besøk med aktivitetskortet per tilbud og måned, med ledsagerne for seg, og refusjonen kommunen har satt per person. Tallene er eksakte: det er besøk dere selv har sluppet inn.
admin-settlement-month = Måned
admin-settlement-whole-year = Hele året
admin-settlement-heading = { $provider }: { $period }
admin-settlement-open = Perioden er ikke avsluttet: besøk kan lastes opp inntil 14 dager etter, så tallene kan øke.
admin-settlement-none = Ingen besøk i perioden.
admin-settlement-col-month = Måned
admin-settlement-col-offer = Tilbud
admin-settlement-col-visits = Besøk
admin-settlement-col-companions = Ledsagere
admin-settlement-col-over = Over grensen
admin-settlement-col-refund = Refusjon per person
admin-settlement-col-amount = Beløp
admin-settlement-total = Sum
admin-settlement-no-refund = ikke satt
admin-settlement-csv = Last ned CSV
admin-visits-title = Besøk
admin-visits-intro = Besøk og antall barn per tilbud og avsluttet måned (en måned avsluttes 15 dager etter utgangen).
admin-visits-year = År
admin-visits-none = Ingen avsluttede måneder med besøk ennå.
admin-visits-col-children = Barn
admin-visits-hidden = «<5» betyr skjult: færre enn fem besøk eller barn, så ingen enkeltbarn kan kjennes igjen.
admin-stats-refused = Avvist ved en grense
admin-stats-limits = Besøk ved grensene for gratis besøk
admin-stats-limits-help = Besøk der kortet hadde brukt opp de gratis besøkene: sluppet inn likevel av de ansatte, eller funnet over grensen først da besøkene ble lastet opp (fra enheter som var uten nett). Avvisninger er ikke besøk og telles for seg.
admin-stats-limit-within = Innenfor grensene (eller uten grense)
admin-stats-limit-override = Sluppet inn likevel
admin-stats-limit-over-found = Over grensen, funnet ved opplasting

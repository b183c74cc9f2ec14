# Norsk bokmål: the app's first language. Every message here must exist in en, uk and ar too
# (a test fails otherwise).
app-name = Aktivitetskortet
nav-label = Hovedmeny
nav-card = Kort
nav-offers = Tilbud
nav-settings = Innstillinger
card-title = Mitt kort
card-empty = Her vises kortet ditt.
card-empty-help = Du legger til kortet med aktiveringskoden i brevet du fikk fra Bergen kommune.
card-placeholder-label = Plass for aktivitetskortet
offers-title = Tilbud
offers-intro = Gratis kultur- og idrettstilbud i Bergen for deg som har aktivitetskort.
offers-empty = Tilbudene lastes ned når du er på nett, og kan brukes uten nett etterpå.
settings-title = Innstillinger
settings-language = Språk
settings-language-help = Appen følger språket på telefonen. Du kan velge et annet her.
settings-about = Om appen
settings-about-text = Aktivitetskortet gir barn og unge i Bergen gratis inngang til kultur- og idrettstilbud.
not-found-title = Fant ikke siden
not-found-back = Til kortet

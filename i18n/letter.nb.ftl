# The activation letter (nb), which the server prints; the app does not load this file.
# Placeholders: $name, $brand, $office, $code, $origin, $expires, $valid (the server fills them in).

letter-subtitle = Aktiveringsbrev
letter-demo = Demo – ikke et ekte kort
letter-demo-short = DEMO
letter-greeting = Hei, { $name }!
letter-intro = Her er { $brand } ditt. Med kortet kommer du gratis inn på kultur- og idrettstilbud i Bergen. På offentlige arrangementer kan du også ta med deg én ledsager gratis.
letter-code-heading = Aktiveringskoden
letter-code-once = Koden virker én gang, og du kan bruke den til og med { $expires }.
letter-card-valid = Kortet er gyldig til og med { $valid }.
letter-qr-label = QR-kode som aktiverer kortet
letter-qr-caption = Skann i appen
letter-how-heading = Slik aktiverer du kortet
letter-step-open = Åpne appen på telefonen. Du finner den på { $origin }.
letter-step-add = Velg «Legg til kort».
letter-step-code-or-qr = Skriv inn koden { $code }, eller skann QR-koden.
letter-step-code = Skriv inn koden { $code }.
letter-good-to-know = Godt å vite
letter-several = Kortene til flere barn kan ligge på samme telefon.
letter-lost = Har du mistet telefonen? Kontakt { $office }, så får du et nytt brev. Kortet på den gamle telefonen slutter da å virke.
letter-private = Hold brevet for deg selv. Den som har koden, kan aktivere kortet én gang.
letter-questions = Spørsmål?

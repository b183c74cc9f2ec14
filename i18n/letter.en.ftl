# The activation letter (en), which the server prints; the app does not load this file.
# Placeholders: $name, $brand, $office, $code, $origin, $expires, $valid (the server fills them in).

letter-subtitle = Activation letter
letter-demo = Demo – not a real card
letter-demo-short = DEMO
letter-greeting = Hello { $name }!
letter-intro = This is your { $brand }, Bergen’s activity card. It gives you free entry to culture and sports offers in Bergen. At public events you can also bring one companion for free.
letter-code-heading = Your activation code
letter-code-once = The code works once and must be used by { $expires }.
letter-card-valid = The card is valid until { $valid }.
letter-qr-label = QR code that activates the card
letter-qr-caption = Scan in the app
letter-how-heading = How to activate the card
letter-step-open = Open the app on your phone. You find it at { $origin }.
letter-step-add = Choose “Add card”.
letter-step-code-or-qr = Type the code { $code }, or scan the QR code.
letter-step-code = Type the code { $code }.
letter-good-to-know = Good to know
letter-several = The cards of several children can be on the same phone.
letter-lost = Lost your phone? Contact { $office } for a new letter. The card on the old phone then stops working.
letter-private = Keep this letter private. Anyone who has the code can activate the card once.
letter-questions = Questions?

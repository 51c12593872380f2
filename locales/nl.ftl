# Green AI Hub — Nederlandse teksten. Elke sleutel hier moet ook in en.ftl staan (een test controleert dat).
#
# Woordenlijst (een test in src/web/i18n.rs houdt de teksten eraan):
#   measurement → meting · leaderboard → ranglijst · device → apparaat · run → run
#   query → vraag (mv. vragen), nooit "query" · community → gemeenschap, nooit "community"
#   verified → geverifieerd (de status), verify → verifiëren; "controleren" alleen als
#   gewoon werkwoord ("controleer de spelling"), nooit als status ("gecontroleerd")
#   self-reported → zelf gemeld · published → gepubliceerd · pending → in behandeling
#   aanspreken met "je", nooit "u" · getallen: 1.000 en 0,5 (punt voor duizendtallen,
#   komma voor decimalen) · aantallen met meervoudsvormen van Fluent ({ $count -> … })

site-description = Energiecijfers van AI-modellen, gemeten door de gemeenschap: deel metingen, vergelijk modellen en help onderzoek naar Green AI.
skip-to-content = Naar de inhoud
nav-label = Hoofdnavigatie
nav-home = Home
nav-models = Modellen
nav-sources = Bronnen
switch-language = English
footer-about = Green AI Hub is het gemeenschapsplatform van een Nederlandse onderzoekslijn naar Green AI: energie-efficiëntie van AI-systemen en optimalisatie van de modellen zelf.
footer-sources = Databronnen en bronvermelding
footer-privacy = Privacy
footer-request-id = Verzoek { $id }

error-back = Terug naar de vorige pagina
error-home = Terug naar de startpagina
error-request-id = Meld je dit, noem dan verzoek
error-400-title = Ongeldig verzoek
error-400-message = Het verzoek was niet te begrijpen. Controleer wat je stuurde en probeer het opnieuw.
error-401-title = Log eerst in
error-401-message = Je moet ingelogd zijn om deze pagina te zien.
error-403-title = Niet toegestaan
error-403-message = Je hebt hier geen toestemming voor. Denk je dat dat wel zou moeten, neem dan contact op met een beheerder.
error-404-title = Pagina niet gevonden
error-404-message = Op dit adres staat geen pagina. Misschien is ze verplaatst; probeer de navigatie hierboven.
error-405-title = Hier niet mogelijk
error-405-message = Dit adres accepteert dit soort verzoek niet.
error-408-title = Te traag
error-408-message = Het verzoek deed er te lang over om aan te komen of te beantwoorden, dus hebben we het gestopt. Probeer het opnieuw; een groot bestand lukt misschien beter over een snellere verbinding.
error-413-title = Te groot
error-413-message = Wat je stuurde is groter dan we accepteren. Stuur een kleiner bestand of splits het op.
error-415-title = Niet-ondersteund formaat
error-415-message = Wat je stuurde kunnen we in dit formaat niet lezen. Formulieren sturen formuliergegevens, de API neemt JSON (Content-Type: application/json).
error-422-title = Verbeter dit eerst
error-422-message = Een deel van wat je stuurde kan niet worden opgeslagen. Elk probleem hieronder noemt zijn veld.
error-429-title = Te veel pogingen
error-429-message = Je hebt dit te vaak geprobeerd in korte tijd. Wacht even en probeer het opnieuw.
error-429-wait = Je hebt dit te vaak geprobeerd in korte tijd. Probeer het over { $minutes } min. opnieuw.
error-500-title = Er ging iets mis
error-500-message = Een fout aan onze kant hield dit verzoek tegen. Ze is vastgelegd; probeer het zo opnieuw.

landing-title = Green AI: wat kost AI de planeet?
landing-lead = AI kan elders uitstoot helpen verminderen, maar kost zelf ook energie. Green AI Hub verzamelt betrouwbare energiecijfers van AI-modellen, gemeten door de gemeenschap, zodat iedereen zuinige modellen kan kiezen en onderzoek ze slanker kan maken.
landing-paradox-title = De paradox
landing-paradox-text = AI wordt aangeprezen als manier om energie te besparen — in logistiek, gebouwen en stroomnetten — terwijl datacenters vol GPU's steeds meer stroom vragen. Hoe groot is de prijs van één antwoord van een chatmodel? En hoeveel kleiner kan die worden?
landing-microwave-caption = Eén interactie met een groot chatmodel kost ongeveer evenveel energie als
landing-thousand-intro = Duizend van zulke interacties komen samen op
landing-eq-kettles = waterkokers aan de kook gebracht (elk 1 liter)
landing-eq-phones = keer een smartphone volledig opladen
landing-eq-ev = kilometer rijden in een elektrische auto
landing-eq-sources = De bron van elke constante staat op de pagina met databronnen.
landing-see-boards = Bekijk de ranglijsten
landing-research-title = Waar de onderzoekslijn aan werkt
landing-research-intro = Het onderzoekscentrum bestudeert de energie-efficiëntie van AI-systemen en hoe de modellen zelf te optimaliseren zijn:
landing-topic-efficiency = Energie-efficiëntie:
landing-topic-efficiency-text = meten wat training en inferentie werkelijk gebruiken, per vraag, per token en per run.
landing-topic-pruning = Pruning:
landing-topic-pruning-text = gewichten en structuren weghalen die een model niet nodig heeft.
landing-topic-quantisation = Kwantisatie en distillatie:
landing-topic-quantisation-text = modellen met lagere precisie draaien, of een klein model leren wat een groot model weet.
landing-topic-small = Kleinere, taakspecifieke modellen:
landing-topic-small-text = modellen getraind voor één taak in plaats van één model voor alles.
landing-topic-hardware = Efficiënte hardware:
landing-topic-hardware-text = versnellers en configuraties die meer werk per joule verzetten.
landing-topic-renewable = Duurzame energie in datacenters:
landing-topic-renewable-text = het werk draaien waar en wanneer het stroomnet schoon is.
landing-help-title = Zo kun je helpen
cta-measure-title = Deel een meting
cta-measure-text = Draai je zelf een model? Meet het energieverbruik en deel het cijfer, zodat de ranglijsten rusten op echte metingen van veel machines.
cta-measure-step1 = Meet met CodeCarbon, NVML/Zeus, RAPL of een meter in het stopcontact.
cta-measure-step2 = Noteer het model, de taak, de hardware, het aantal vragen en het meetvenster.
cta-measure-step3 = Voer de cijfers in of upload de emissions.csv van CodeCarbon; een moderator controleert ongewone waarden.
cta-insight-title = Deel een inzicht
cta-insight-text = Een instelling, een kleiner model of een truc gevonden die energie bespaart? Schrijf het op voor anderen, met de metingen die het laten zien.
cta-research-title = Meld je aan voor onderzoek
cta-research-text = Masterstudenten kunnen een onderzoeksonderwerp binnen de onderzoekslijn oppakken en zich hier aanmelden; je krijgt een bevestiging en later een besluit.

sources-title = Databronnen en bronvermelding
sources-intro = Green AI Hub bouwt op gepubliceerde data. Elke bron staat hier met haar editie, hoe je haar citeert en haar licentie.
sources-empty = Er is nog geen gepubliceerde data geladen.
sources-name = Bron
sources-edition = Editie
sources-citation = Zo citeer je
sources-licence = Licentie
sources-constants-title = Constanten achter de vergelijkingen
sources-constants-text = Magnetron: 1.000 W gedurende 12 seconden ≈ 3,3 Wh, de vergelijking uit de podcast. Smartphone opladen: 15,4 Wh (een accu van 4.000 mAh bij 3,85 V). Waterkoker: 110 Wh om een liter water van 15 °C te koken bij 90 % rendement. Elektrische auto: 0,18 kWh per kilometer (gemiddelde van EV Database). CO2-intensiteit van het stroomnet per land van Green Algorithms.

privacy-title = Privacyverklaring
privacy-intro = We bewaren zo weinig persoonsgegevens als het platform nodig heeft, verkopen ze nooit, en je kunt ze meenemen of laten verwijderen.
privacy-what-title = Wat we bewaren
privacy-what-account = Je account: e-mailadres, weergavenaam, een hash van je wachtwoord (nooit het wachtwoord zelf), je rol en gekozen taal.
privacy-what-contributions = Wat je bijdraagt: metingen, inzichten en aanmeldingen, getoond onder je weergavenaam.
privacy-what-logs = Serverlogs met tijd, adres en verzoek-id van elk verzoek, 30 dagen bewaard om de dienst veilig te houden.
privacy-what-cookies = Cookies: één die je taal onthoudt en, zodra je inlogt, een sessiecookie. Geen volg- of advertentiecookies.
privacy-why-title = Waarom
privacy-why-text = Om het platform te laten werken, om te tonen wie wat gemeten heeft (zodat cijfers te vertrouwen zijn), en om contact met je op te nemen over je bijdragen en aanmeldingen. De grondslag is de overeenkomst die je aangaat door een account te maken, en ons gerechtvaardigd belang bij een veilige dienst.
privacy-rights-title = Je rechten
privacy-rights-text = Je kunt al je gegevens downloaden als JSON (met je metingen, inzichten, hun eerdere versies, je reacties en je aanmeldingen voor onderzoeksonderwerpen) en je account op elk moment verwijderen. Je metingen, inzichten en reacties blijven dan op de site staan onder “voormalig lid”, zonder je naam; je aanmeldingen worden gewist.
privacy-retention-title = Hoe lang
privacy-retention-text = Accountgegevens zolang je een account hebt; logs 30 dagen; gepubliceerde metingen zolang de ranglijsten bestaan, zonder persoonsgegevens zodra je account verwijderd is; aanmeldingen voor onderzoeksonderwerpen die zijn afgewezen, ingetrokken of zonder besluit gesloten worden gewist 180 dagen nadat het onderwerp geen aanmeldingen meer aannam.

models-title = AI-modellen
models-intro = Elk model dat het platform kent, met de bronnen die het noemen. Metingen en ranglijsten per model volgen op de ranglijsten.
models-empty = Nog geen modellen. Laad de demodata met `greenai seed-demo`.
models-count = { $count ->
    [one] { $count } model
   *[other] { $count } modellen
}
models-name = Model
models-organisation = Organisatie
models-params = Parameters
models-sources = Bronnen
models-params-active = { $total } ({ $active } actief)

nav-login = Inloggen
nav-register = Registreren
nav-logout = Uitloggen
nav-admin = Beheer
role-member = Lid
role-researcher = Onderzoeker
role-admin = Beheerder

form-email = E-mailadres
form-display-name = Weergavenaam
form-display-name-hint = Wordt getoond bij je bijdragen.
form-password = Wachtwoord
form-password-hint = 12 tot 128 tekens; een zin die je onthoudt werkt goed.
form-new-password = Nieuw wachtwoord
form-current-password = Huidig wachtwoord
form-new-email = Nieuw e-mailadres
form-email-invalid = Vul een e-mailadres in zoals naam@voorbeeld.nl.
form-display-name-invalid = Vul een weergavenaam in van 1 tot 80 tekens, zonder onzichtbare tekens (zoals spaties zonder breedte of richtingswissels).
form-current-password-wrong = Dit is niet je huidige wachtwoord.
password-too-short = Gebruik minstens 12 tekens.
password-too-long = Gebruik hoogstens 128 tekens.
password-too-common = Dit wachtwoord is te gewoon of te eenvoudig; kies een ander.

register-title = Account aanmaken
register-intro = Met een account kun je metingen delen, inzichten delen en je aanmelden voor onderzoeksonderwerpen.
register-submit = Account aanmaken
register-have-account = Heb je al een account?
register-done-title = Kijk in je inbox
register-done-text = We hebben een bericht gestuurd naar het adres dat je opgaf. Volg de link erin om je adres te bevestigen. Geen bericht? Kijk in je spammap, of registreer over een paar minuten opnieuw.
verify-done-title = Adres bevestigd
verify-done-text = Dank je: je e-mailadres is bevestigd. Je kunt nu inloggen en bijdragen.
verify-done-login = Log in en deel een meting
link-invalid-title = Deze link werkt niet
link-invalid-text = De link is onbekend, al gebruikt of verlopen. Vraag een nieuwe aan en gebruik die snel nadat hij binnenkomt.

login-title = Inloggen
login-submit = Inloggen
login-forgot = Wachtwoord vergeten?
login-failed = Het e-mailadres of wachtwoord klopt niet. Probeer het opnieuw, of stel je wachtwoord opnieuw in.

forgot-title = Wachtwoord vergeten?
forgot-intro = Vul het adres van je account in, dan sturen we je een link om een nieuw wachtwoord te kiezen. De link werkt één keer, een uur lang.
forgot-submit = Link versturen
forgot-done-title = Kijk in je inbox
forgot-done-text = Als er een account is met dat adres, hebben we er een link naartoe gestuurd om een nieuw wachtwoord te kiezen. Die werkt één keer, een uur lang.
reset-title = Kies een nieuw wachtwoord
reset-submit = Nieuw wachtwoord opslaan

account-title = Je account
account-verified = bevestigd
account-unverified = nog niet bevestigd
account-role = Rol
account-password-title = Wachtwoord wijzigen
account-password-submit = Wachtwoord wijzigen
account-email-title = E-mailadres wijzigen
account-email-submit = Bevestigingslink versturen
account-language-title = Taal
account-language-label = Taal van pagina's en e-mails
account-language-submit = Opslaan
account-more-title = Je gegevens
account-export = Al mijn gegevens downloaden (JSON)
email-change-sent-title = Bevestig je nieuwe adres
email-change-sent-text = We hebben een link naar het nieuwe adres gestuurd. Je adres verandert zodra je die volgt; tot dan blijft het oude.
email-changed-title = E-mailadres gewijzigd
email-changed-text = Je account gebruikt nu het nieuwe adres. We hebben het oude adres over de wijziging ingelicht.

tokens-title = API-tokens
tokens-intro = Met persoonlijke tokens kunnen scripts metingen insturen via de JSON-API (Authorization: Bearer …). Behandel ze als wachtwoorden.
tokens-name = Naam
tokens-create = Token aanmaken
tokens-created = Je nieuwe token. Kopieer het nu: het wordt maar deze ene keer getoond.
tokens-none = Je hebt nog geen tokens.
tokens-prefix = Begint met
tokens-created-at = Aangemaakt
tokens-last-used = Laatst gebruikt
tokens-never = nooit
tokens-revoke = Intrekken
tokens-revoked = ingetrokken
tokens-name-invalid = Geef het token een naam van 1 tot 80 tekens.

delete-title = Mijn account verwijderen
delete-explain = Je account verwijderen kan niet ongedaan worden gemaakt. Dit gebeurt er:
delete-erased = Je e-mailadres, weergavenaam, wachtwoord en API-tokens worden gewist, en je wordt overal uitgelogd.
delete-kept = Je metingen en inzichten blijven staan onder „voormalig lid”, omdat anderen erop rekenen.
delete-final = Je kunt je gegevens eerst downloaden.
delete-submit = Mijn account definitief verwijderen

flash-password-reset = Je wachtwoord is gewijzigd. Log in met het nieuwe.
flash-password-changed = Je wachtwoord is gewijzigd. Andere sessies zijn uitgelogd.
flash-language-saved = Je taal is opgeslagen.
flash-token-revoked = Het token is ingetrokken.
flash-account-deleted = Je account is verwijderd. Dank je voor je bijdragen.
flash-role-changed = De rol is gewijzigd.

admin-users-title = Gebruikers en rollen
admin-role-submit = Wijzigen
admin-audit-title = Auditlog
admin-audit-when = Wanneer
admin-audit-event = Gebeurtenis
admin-audit-actor = Door
admin-audit-subject = Account

mail-footer = Green AI Hub — energiecijfers van AI-modellen, gemeten door de gemeenschap. Je ontvangt dit vanwege een handeling op je account.
mail-verify-subject = Bevestig je e-mailadres
mail-verify-body = Welkom bij Green AI Hub! Bevestig je e-mailadres om te kunnen bijdragen.
    De link werkt één keer, 48 uur lang. Heb je je niet aangemeld? Negeer dit bericht dan.
mail-verify-button = Mijn adres bevestigen
mail-already-subject = Iemand probeerde zich met je adres aan te melden
mail-already-body = Iemand (misschien jij) probeerde een Green AI Hub-account aan te maken met dit e-mailadres, maar je hebt er al een.
    Wachtwoord vergeten? Kies een nieuw met de link hieronder. Was jij het niet? Negeer dit bericht dan; er is niets veranderd.
mail-already-button = Nieuw wachtwoord kiezen
mail-reset-subject = Kies een nieuw wachtwoord
mail-reset-body = Iemand (hopelijk jij) vroeg om het wachtwoord van je Green AI Hub-account opnieuw in te stellen.
    De link werkt één keer, een uur lang. Heb je er niet om gevraagd? Negeer dit bericht dan; je wachtwoord blijft zoals het is.
mail-reset-button = Nieuw wachtwoord kiezen
mail-new-email-subject = Bevestig je nieuwe e-mailadres
mail-new-email-body = Je vroeg om dit adres te gebruiken voor je Green AI Hub-account. Bevestig het met de link hieronder; die werkt één keer, 48 uur lang.
mail-new-email-button = Dit adres bevestigen
mail-email-changed-subject = Je e-mailadres is gewijzigd
mail-email-changed-body = Het e-mailadres van je Green AI Hub-account is nu { $email }.
    Was jij dit niet? Neem dan meteen contact met ons op.
mail-password-changed-subject = Je wachtwoord is gewijzigd
mail-password-changed-body = Het wachtwoord van je Green AI Hub-account is gewijzigd, andere sessies zijn uitgelogd en je API-tokens ingetrokken (maak een nieuwe voor je scripts).
    Was jij dit niet? Stel je wachtwoord dan meteen opnieuw in.
mail-deleted-subject = Je account is verwijderd
mail-deleted-body = Je Green AI Hub-account is verwijderd: je persoonsgegevens zijn gewist, en je bijdragen blijven staan onder „voormalig lid”. Dank je voor je deelname.

nav-submit = Meting delen
nav-mine = Mijn metingen
nav-moderation = Moderatie
status-verified = geverifieerd
status-pending = wacht op moderatie
status-rejected = afgewezen
status-withdrawn = ingetrokken
source-community = de gemeenschap
source-published = een gepubliceerde benchmark
model-status-pending = voorgesteld, wacht op een onderzoeker
model-status-approved = in de catalogus
model-status-rejected = geweigerd
upload-state-preview = voorbeeld
upload-state-importing = wordt opgeslagen
upload-state-done = klaar
upload-state-failed = mislukt

measure-title = Deel een meting
measure-intro = Vul in wat je gemeten hebt; we controleren de getallen en tonen elk probleem bij het veld. Gemeten met CodeCarbon?
measure-upload-link = Upload dan een emissions.csv
measure-has-errors = Er is iets niet in orde: volg een melding naar het veld.
form-has-errors = Er is iets niet in orde: volg een melding naar het veld.
measure-confirm-intro = Deze cijfers zijn ongewoon (zie de waarschuwingen hieronder). Controleer ze; kloppen ze, bevestig dan en verstuur: een moderator bekijkt ze voordat ze gepubliceerd worden.
measure-confirm = De cijfers kloppen; stuur ze naar de moderatie
measure-what = Wat er draaide
measure-where = Waar het draaide
measure-numbers = Wat je gemeten hebt
measure-how = Hoe je gemeten hebt
measure-model = Model
measure-propose-model = Het staat niet in de lijst: stel het voor als nieuw model
measure-model-unknown = Dit model kennen we niet. Kies er een uit de lijst, controleer de spelling, of vink „stel het voor als nieuw model” aan.
measure-task = Taak
measure-precision = Precisie / kwantisatie
measure-optimisations = Toegepaste optimalisatietechnieken
measure-hardware = Hardware
measure-device-count = Aantal apparaten
measure-region = Land of regio (code)
measure-pue = PUE van het datacenter (optioneel)
measure-grid = CO2-intensiteit van het stroomnet (optioneel, gaat voor de regio)
measure-energy = Energie
measure-unit = Eenheid
measure-duration = Meetvenster
measure-queries = Aantal vragen (inferentie)
measure-output-tokens = Uitvoertokens (optioneel)
measure-batch-size = Batchgrootte (optioneel)
measure-mean-power = Opgegeven gemiddeld vermogen (optioneel)
measure-method = Meetmethode
measure-date = Meetdatum
measure-source-url = Link naar code, artikel of log (optioneel)
measure-notes = Toelichting (optioneel)
measure-submit = Meting versturen
measure-notes-too-long = Houd de toelichting binnen 2000 tekens.
measure-url-invalid = Vul een link in die begint met https:// of http://.
measure-unverified-title = Bevestig eerst je e-mailadres
measure-unverified-text = Alleen leden met een bevestigd e-mailadres kunnen metingen delen. Volg de link in de mail die we je stuurden, of stel je wachtwoord opnieuw in om een nieuwe te krijgen.
measure-tool = Gemeten met
measure-tracking = Hoe
measure-tracking-machine = vermogen gemeten (RAPL, NVML)
measure-tracking-process = geschat voor het proces
measure-tracking-other = zoals het programma het meldde
measure-protocol = Protocol
measure-protocol-text = { $idle } s nulmeting in rust ({ $idle_power }), de run, { $cooldown } s afkoelen; vermogen { $hz } keer per seconde gemeten
measure-above-idle = Energie boven de nulmeting
measure-peak-power = Hoogste vermogen
chart-timeline-title = Vermogen tijdens de meting
chart-timeline-desc = Het vermogen van de machine zoals de meter het mat: de nulmeting voor de run, de run (gearceerd) en het afkoelen erna.
chart-timeline-x = Seconden vanaf het begin van de run
chart-timeline-y = Watt
chart-timeline-caption = Vermogen door de tijd, opgeteld over de gemeten onderdelen (GPU, CPU, geheugen). De gearceerde band is de run zelf.
measure-energy-cpu = Energie van de CPU
measure-energy-gpu = Energie van de GPU
measure-energy-ram = Energie van het geheugen
measure-water = Water
measure-result = Resultaat
measure-wh-per-1000 = Wh per 1.000 vragen
measure-j-per-token = J per uitvoertoken
measure-kwh-per-run = kWh per run
measure-microwave = Eén vraag kost evenveel energie als
measure-as-typed = Zoals ingestuurd
measure-submitter = Ingestuurd door
measure-former-member = voormalig lid
measure-flags = Bevindingen voor de moderator
measure-history = Geschiedenis
measure-withdraw = Deze meting intrekken
measure-status = Status
mine-title = Mijn metingen
mine-none = Je hebt nog geen metingen gedeeld.
mine-count = { $count ->
    [one] { $count } meting.
   *[other] { $count } metingen, nieuwste eerst, 100 per pagina.
}
queue-title = Moderatiewachtrij
queue-intro = Metingen met bevindingen, de meeste bevindingen eerst. Vink metingen aan en keur ze goed of wijs ze af; een afwijzing heeft een reden nodig, die naar de inzender gemaild wordt.
queue-empty = Er wacht niets op moderatie.
queue-select = Selecteren
queue-reason = Reden (bij afwijzen)
queue-verify = Selectie goedkeuren
queue-reject = Selectie afwijzen
queue-back = Terug naar de hele wachtrij
queue-uploads-title = Uploads
queue-uploads-intro = Elke CodeCarbon-upload is één besluit: verifieer of wijs al zijn wachtende rijen tegelijk af, of open hem om eerst uitschieters af te wijzen.
queue-singles-title = Losse metingen
queue-upload-rows-title = Rijen van
queue-upload-waiting = Wachtende rijen
queue-upload-pending = Nog niet gepubliceerd (in behandeling)
queue-upload-flagged = Met markeringen
queue-upload-median = Mediaan
queue-upload-range = Laagste – hoogste
queue-upload-flags = Markeringen, per soort:
queue-upload-open = Rijen bekijken
queue-upload-verify = { $count ->
    [one] De { $count } rij verifiëren
   *[other] Alle { $count } rijen verifiëren
}
queue-upload-reject = { $count ->
    [one] De { $count } rij afwijzen
   *[other] Alle { $count } rijen afwijzen
}
queue-waiting = { $count ->
    [one] { $count } meting wacht.
   *[other] { $count } metingen wachten, 50 per pagina.
}
queue-all-on-page = { $count ->
    [one] De { $count } meting op deze pagina selecteren
   *[other] Alle { $count } metingen op deze pagina selecteren
}
flash-moderation-action = Kies verifiëren of afwijzen.
flag-kind-unknown-hardware = apparaat niet in de catalogus
flag-kind-unknown-region = regio onbekend
flag-kind-power-above-tdp = vermogen boven wat het apparaat aankan
flag-kind-power-below-tdp = vermogen ver onder wat het apparaat aankan
flag-kind-implausible-energy = energie buiten het gebruikelijke bereik
flag-kind-short-window = heel kort gemeten
flag-kind-power-mismatch = opgegeven vermogen past niet bij energie ÷ duur
flag-kind-other = een andere bevinding

measure-cite = Deze meting citeren
measure-boamps = Downloaden als BoAmps-rapport (JSON, het formaat 1.1.0 van Boavizta)
upload-title = Een CodeCarbon-, eco2ai- of BoAmps-bestand uploaden
upload-intro = Upload de emissions.csv die CodeCarbon schreef (elke versie), de emission.csv van eco2ai of een BoAmps-rapport (JSON, het formaat van Boavizta; één rapport of een lijst): hoogstens 10 MB en 100.000 runs, het bestand zegt zelf welk. Het bestand zegt niet welk model draaide, dus kies het model en de taak, en hoeveel vragen elke run beantwoordde. Je ziet een voorbeeld voordat er iets wordt opgeslagen.
upload-file = emissions.csv, emission.csv of BoAmps-rapport
upload-queries = Vragen per run (inferentietaken)
upload-queries-hint = Elke rij van het bestand is één run; de energie wordt door dit aantal vragen gedeeld.
upload-submit = Voorbeeld tonen
upload-preview = Voorbeeld
upload-rows = Rijen in het bestand
upload-accepted = Nieuwe metingen om op te slaan
upload-flagged = Waarvan gemarkeerd voor moderatie
upload-duplicates = Al geïmporteerde runs (overgeslagen)
upload-total = Totale energie
upload-rejected = Afgewezen rijen
upload-commit = Deze metingen opslaan
upload-no-file = Kies een bestand om te uploaden.
upload-too-large = Het bestand is groter dan 10 MB. Splits het in kleinere bestanden.
upload-model-required = Kies het model dat draaide.
upload-task-required = Kies de taak.
upload-nothing-valid = Geen enkele rij van dit bestand kan worden opgeslagen; zie het eerste probleem hieronder.
upload-row-rejected = Rij { $line }: { $why }
upload-folded = Rijen samengevoegd met hun run (het programma schreef de run opnieuw terwijl die groeide)
upload-rejected-more = { $count ->
    [one] … en nog één probleem, niet opgesomd.
   *[other] … en nog { $count } problemen, niet opgesomd.
}
upload-rejected-count = Afgewezen rijen (niet opgeslagen)
upload-nothing-new = Elke geldige run van dit bestand is al opgeslagen, dus er valt niets toe te voegen. Annuleer dit voorbeeld, of upload een ander bestand.
upload-sample = De eerste metingen die worden opgeslagen
upload-cancel = Annuleren, niets opslaan
upload-cancelled = Het voorbeeld is geannuleerd; er is niets uit dat bestand opgeslagen.
upload-choose-again = Je keuzes hieronder blijven staan; kies het bestand opnieuw (een browser bewaart het nooit).

flash-measurement-verified = Dank je! Je meting is opgeslagen en gepubliceerd.
flash-measurement-pending = Dank je! Je meting is opgeslagen; een moderator controleert de ongewone cijfers voordat ze gepubliceerd wordt.
flash-measurement-withdrawn = De meting is ingetrokken.
flash-moderation-none = Vink minstens één meting aan.
flash-moderation-reason = Geef een reden voor de afwijzing.
flag-model-proposed = Het model is nieuw in de catalogus (voorgesteld met deze meting): de meting wacht op een onderzoeker, en het verifiëren ervan keurt het model goed.
flash-moderation-verified = De geselecteerde metingen zijn goedgekeurd.
flash-moderation-rejected = De geselecteerde metingen zijn afgewezen; de inzenders hebben de reden gekregen.
flash-upload-imported = De metingen uit je bestand zijn opgeslagen.

api-idempotency-reused = Deze Idempotency-Key is eerder gebruikt voor een ander verzoek. Gebruik een nieuwe sleutel voor een nieuw verzoek.
api-invalid-json = De inhoud van het verzoek is niet de JSON die dit adres verwacht

mail-rejected-subject = Je meting is niet geaccepteerd
mail-rejected-body = Een moderator heeft je meting niet geaccepteerd, om deze reden: { $reason }
    Je kunt op elk moment een verbeterde meting insturen.
mail-rejected-button = Bekijk de meting
mail-rejected-many-subject = { $count } van je metingen zijn niet geaccepteerd
mail-rejected-many-body = Een moderator heeft { $count } van je metingen niet geaccepteerd, om deze reden: { $reason }
mail-rejected-many-button = Bekijk je metingen
measure-edit = Deze meting bewerken
upload-progress-title = Je upload
upload-progress-running = Tot nu toe opgeslagen:
upload-progress-done = Klaar. Toegevoegde metingen:
upload-progress-check = Opnieuw kijken
upload-progress-failed = Het importeren is niet gelukt; er is niets opgeslagen.
upload-stalled = Het importeren stopte voordat het klaar was, dus er is niets uit dit bestand opgeslagen. Upload het opnieuw.
upload-failed = Het opslaan van de metingen ging aan onze kant mis; er is niets opgeslagen. Probeer het later opnieuw.
measure-submitted = ingestuurd
measure-grid-short = CO2-intensiteit van het net

nav-leaderboards = Ranglijsten
boards-title = Ranglijsten
boards-intro = Eén ranglijst per taak: modellen gerangschikt op de mediaan van de energie in hun geverifieerde metingen, met de spreiding achter elk getal.
boards-models = { $count ->
    [one] { $count } model
   *[other] { $count } modellen
}
boards-board-intro = Modellen gerangschikt op de mediaan van geverifieerde metingen, in
boards-community-only = Alleen metingen van de gemeenschap
boards-with-published = Met gepubliceerde benchmarks
boards-empty = Nog geen geverifieerde metingen voor deze taak.
boards-median = Mediaan
boards-iqr = Middelste helft (IQR)
boards-count = Metingen
boards-contributors = Bijdragers
boards-stars = Sterren
boards-microwave = Magnetronseconden per vraag
boards-provisional = voorlopig
boards-provisional-title = Minder dan 3 metingen
boards-csv = Downloaden als CSV
boards-licence = Licentie van de gegevens:
boards-bad-filter = Dit overzicht kan niet gefilterd worden op { $name } “{ $value }”. Kies een waarde in het formulier bij het overzicht, of haal hem uit het adres.
boards-filters = Metingen filteren
boards-filter-source = Bron
boards-source-all = Gemeenschap en gepubliceerde benchmarks
boards-source-community = Alleen metingen van de gemeenschap
boards-any = Alle
boards-kind-gpu = Alle GPU's
boards-kind-cpu = Alle CPU's
boards-kind-tpu = Alle TPU's
boards-kind-soc = Alle SoC's (chips met CPU, GPU en geheugen in één)
boards-from = Gemeten vanaf
boards-until = Gemeten tot en met
boards-grid = Referentiestroomnet
boards-apply = Toepassen
boards-reset = Filters wissen
boards-json = Downloaden als JSON
boards-caption = Modellen gerangschikt op mediaan, in
boards-compare-column = Vergelijken
boards-compare = Gekozen modellen vergelijken
boards-compare-hint = Vink 2 tot 4 modellen aan.
boards-pages = Pagina's
boards-sort-rank = Positie
boards-sort-name = Model
boards-sort-params = Parameters
boards-sort-count = Metingen
boards-sort-contributors = Bijdragers
boards-sort-co2e = CO2e
boards-co2e-own = g CO2e per 1.000 vragen (eigen stroomnetten)
boards-co2e-own-run = g CO2e per run (eigen stroomnetten)
boards-co2e-reference = g CO2e per 1.000 vragen op het referentienet
boards-co2e-reference-run = g CO2e per run op het referentienet
boards-published = gepubliceerd
boards-published-title = Aantal metingen uit gepubliceerde benchmarks in deze regel
boards-columns-title = Wat de kolommen betekenen (ook in de CSV- en JSON-export)
boards-columns-intro = De kolomnamen in de exports blijven gelijk; de cijfers staan in de eenheid van het overzicht.
boards-col-median = Mediaan en eerste en derde kwartiel (type 7) van de geverifieerde metingen, in de eenheid van het overzicht.
boards-col-count = Aantal metingen, verschillende bijdragers (elke gepubliceerde bron telt als één) en hoeveel daarvan gepubliceerde benchmarks zijn.
boards-col-stars = Grootteklasse (A onder 20 B, B 20–66 B, C boven 66 B parameters; de eigen klasse van een uitgever waar die er een geeft) en 1 tot 5 sterren volgens de regel van AI Energy Score: vijf gelijke banden tussen de laagste en hoogste mediaan van regels in dezelfde grootteklasse op hetzelfde apparaat op dit overzicht (samengevoegd: dezelfde grootteklasse).
boards-col-co2e = Gram CO2e per functionele eenheid: de mediaan op de stroomnetten waar gemeten is (met hun PUE), en de mediane energie op het referentienet dat je kiest.
boards-col-microwave = Seconden dat een magnetron van 1.000 W draait op de energie van één vraag (of één run).
chart-ranges-title = Mediane energie per model, { $task }
chart-ranges-desc = Elk model op deze pagina als punt op zijn mediaan, met een lijn van het eerste tot het derde kwartiel, op een logaritmische schaal.
chart-scatter-title = Energie tegen modelgrootte
chart-scatter-desc = Mediane energie van elk model op deze pagina tegen het aantal parameters, beide op een logaritmische schaal.
chart-params-axis = Parameters (miljarden)
chart-same-as-table = Dezelfde cijfers staan in de tabel hierboven.
chart-strip-title = Elke meting, { $task }
chart-strip-desc = Elke geverifieerde meting als punt op een logaritmische schaal, één rij per model; gepubliceerde benchmarks zijn open.
chart-strip-caption = Elk punt is één geverifieerde meting; open punten zijn gepubliceerde benchmarks.
chart-bin-count = Metingen in dit bereik: { $count }
chart-strip-binned = Rijen met meer dan 300 metingen zijn getekend als staven: hoe hoger de staaf, hoe meer metingen in dat bereik.
compare-title = Vergelijken
compare-back = Terug naar het overzicht
compare-pick = Kies 2 tot 4 modellen op het overzicht om ze te vergelijken.
compare-unknown = Een van de gekozen modellen heeft met deze filters geen regel op dit overzicht.
compare-pick-again = Je keuze staat hieronder nog aangevinkt: vink 2 tot 4 regels aan en vergelijk opnieuw.
compare-pick-legend = Regels van dit bord
model-licence = Licentie
model-link = Link
model-aliases = Ook bekend als
model-no-measurements = Nog geen geverifieerde metingen van dit model.
model-per-hardware = Per hardware
model-measurements = Geverifieerde metingen
model-listed-count = { $count ->
    [one] { $count } geverifieerde meting.
   *[other] { $count } geverifieerde metingen, nieuwste eerst, 100 per pagina.
}
model-value = Cijfer
model-strip-desc = Elke geverifieerde meting van { $model } als punt op een logaritmische schaal, één rij per hardware; gepubliceerde benchmarks zijn open.
measure-retract-reason = Waarom deze geverifieerde meting niet klopt (wordt naar de inzender gemaild)
measure-retract = Afwijzen en van de overzichten halen
boards-j-per-token = J per uitvoertoken
boards-col-j-per-token = Mediaan in joule per uitvoertoken, over de metingen die hun aantal uitvoertokens noemen (leeg als geen enkele dat doet).
hardware-title = Hardwarecatalogus
hardware-intro = Elk apparaat dat het platform kent, met zijn vermogen (TDP, of het bereik dat een laptopmaker mag kiezen) en de bron van dat getal. Staat het apparaat waarop je mat er niet bij? Dan is je meting toch welkom: dien haar in, en een onderzoeker voegt het apparaat toe.
hardware-search = Zoek op naam
hardware-search-button = Zoeken
hardware-devices = { $count ->
    [one] { $count } apparaat
   *[other] { $count } apparaten
}
hardware-name = Naam
hardware-kind = Soort
hardware-source = Bron van de getallen
hardware-tdp = TDP (W)
hardware-tdp-max = Hoogste vermogen (W), voor onderdelen met een bereik
hardware-memory = Geheugen (GB)
hardware-unknown-title = Apparaten die we nog niet kennen
hardware-unknown-intro = Leden maten op deze apparaten, gespeld zoals zij ze typten. Koppel een spelling aan een apparaat uit de catalogus, of voeg het apparaat toe met de bron van zijn getallen: elke wachtende meting met die spelling wordt dan meteen opnieuw nagekeken, en de spelling wordt onthouden.
hardware-unknown-none = Elke wachtende meting noemt een apparaat dat de catalogus kent.
hardware-pending = wachtende metingen
hardware-map-label = Hetzelfde apparaat als (een naam of slug uit de catalogus)
hardware-map-button = Aan dit apparaat koppelen
hardware-add-summary = Niet in de catalogus? Voeg het apparaat toe
hardware-add-button = Apparaat toevoegen
hardware-map-unknown = De catalogus kent geen apparaat met die naam. Zoek het op de hardwarepagina op, of voeg het apparaat toe.
hardware-name-invalid = Geef de naam van het apparaat, hoogstens 100 tekens.
hardware-kind-invalid = Kies de soort apparaat.
hardware-number-invalid = Geef een getal boven nul (hoogstens 10.000), of laat het leeg.
hardware-source-invalid = Geef het webadres waar de getallen vandaan komen (beginnend met https://).
hardware-exists = De catalogus kent dit apparaat al: koppel de spelling er liever aan.
flash-hardware-mapped = De spelling is gekoppeld, en de wachtende metingen ermee zijn opnieuw nagekeken.
flash-hardware-added = Het apparaat staat in de catalogus, en de wachtende metingen met die spelling zijn opnieuw nagekeken.
tier-published = gepubliceerde benchmark
tier-verified = geverifieerd door een onderzoeker
tier-self-reported = zelf gemeld, nog niet geverifieerd
boards-filter-tier = Geverifieerd
boards-tier-any = alle niveaus
boards-tier-verified = geverifieerd door een onderzoeker, of gepubliceerd
boards-tier-published = alleen gepubliceerde benchmarks
boards-verified = geverifieerd
boards-self-reported = zelf gemeld
measure-tool-version = Versie van het meetprogramma (optioneel)
measure-tool-version-invalid = Geef de versie in hoogstens 50 tekens, zoals 3.0.7.
measure-tracking-invalid = Kies hoe het programma mat: vermogen gemeten, of geschat voor het proces.
measure-meter-invalid = Het rapport van de meter klopt niet (een protocol buiten zijn grenzen, een waarde die geen getal is, of meer dan 600 punten in het verloop). Stuur het zoals greenai-meter het schreef.
hardware-admin-title = Apparaten die mensen toevoegden
hardware-admin-intro = Verbeter de getallen van een apparaat dat een onderzoeker toevoegde, of voeg het samen met het apparaat dat het werkelijk is: de metingen en spellingen gaan mee, en de ranglijsten volgen. De ingebouwde tabellen worden bij hun bron verbeterd.
hardware-admin-none = Er heeft nog niemand een apparaat toegevoegd.
hardware-admin-save = Opslaan
hardware-admin-merge-label = Samenvoegen met (een naam of slug uit de catalogus)
hardware-admin-merge = Samenvoegen
flash-hardware-edited = Het apparaat is opgeslagen.
flash-hardware-merged = Het apparaat is samengevoegd: de metingen en spellingen zijn meegegaan.
hardware-measurements = metingen
hardware-kind-gpu = GPU
hardware-kind-cpu = CPU
hardware-kind-tpu = TPU
hardware-kind-soc = Systeem-op-een-chip
boards-no-models = nog geen metingen
boards-no-match = Niets voldoet aan deze filters.
boards-reset-filters = Toon de hele ranglijst
boards-device = Apparaat
boards-pool = Apparaten samenvoegen: één regel per model
boards-show = Toon
boards-more-filters = Meer filters
boards-showing-busiest = Je ziet { $device }: het apparaat met de meeste metingen voor deze taak. Kies hierboven een ander apparaat of een klasse apparaten; regels mengen nooit verschillende hardware, tenzij je ze samenvoegt.
boards-showing-device = Je ziet alleen { $device }: elke regel is een model gemeten op dit apparaat.
boards-showing-class = Je ziet { $class }: één regel per model en apparaat, sterren binnen elk apparaat.
boards-showing-all = Je ziet alle apparaten: één regel per model en apparaat, sterren binnen elk apparaat.
boards-showing-pooled = Samengevoegd over apparaten: elke regel combineert de metingen van een model op verschillende hardware ({ $devices } apparaten in deze weergave). De cijfers zijn niet gelijk tegen gelijk; sterren vergelijken binnen elke grootteklasse.
boards-class-data-centre = Datacenter-GPU's en -versnellers
boards-class-consumer = Desktop-GPU's
boards-class-laptop = Laptops en systems-on-chip
boards-class-cpu-class = CPU's
boards-class-all = Alle apparaten
boards-device-models = { $count ->
    [one] { $count } model
   *[other] { $count } modellen
}
boards-size = Grootte (klasse)
boards-median-spread = Mediaan (middelste helft)
boards-tier = Geverifieerd
boards-seconds-per-query = Seconden per vraag
boards-hours-per-run = Uren per run
boards-more-columns = Meer kolommen
boards-fewer-columns = Minder kolommen
boards-pooled = samengevoegd
boards-pooled-title = Deze regel combineert metingen op verschillende apparaten
boards-col-device = Het apparaat waarop de metingen van een regel liepen (slug en naam); een samengevoegde regel noemt zijn apparaten.
boards-col-seconds = Mediaan seconden per functionele eenheid (een vraag of een run), over de metingen die een duur vermelden: de duur van de run gedeeld door het aantal vragen. Bij gebundelde gepubliceerde benchmarks is het de tijd per verzoek onder volle belasting (één gedeeld door de doorvoer).
chart-pareto-title = Tijd tegen energie
chart-pareto-desc = Mediaan seconden per vraag tegen mediaan energie van elke regel op deze pagina, beide op logaritmische schaal. Gevulde punten verbonden door een lijn vormen het Pareto-front, waar geen andere regel zowel sneller als zuiniger is: { $lines }.
chart-pareto-caption = Op het front (geen andere regel is zowel sneller als zuiniger):
chart-seconds-axis = Seconden per vraag
chart-seconds-per-run-axis = Seconden per run
boards-lines = { $count ->
    [one] { $count } regel (model × apparaat)
   *[other] { $count } regels (model × apparaat)
}
boards-licence-text = CC BY 4.0 (metingen van de gemeenschap, Green AI Hub); gepubliceerde benchmarks houden hun eigen licentie (zie Bronnen).
model-rank-on-device = Plaats op dit apparaat
nav-insights = Inzichten
insights-title = Inzichten
insights-intro = Wat luisteraars en onderzoekers weten over groenere AI, van een tip tot een bevinding, met de metingen die het onderbouwen.
insights-feed = Volg nieuwe inzichten (Atom-feed)
insights-search = Zoeken
insights-category = Categorie
insights-language = Taal
insights-model = Model
insights-sort = Volgorde
insights-sort-new = Nieuwste eerst
insights-sort-helpful = Nuttigste eerst
insights-many = { $count ->
    [one] { $count } inzicht
   *[other] { $count } inzichten
}
insights-helpful-count = { $count ->
    [one] { $count } persoon vond dit nuttig
   *[other] { $count } personen vonden dit nuttig
}
insight-category-pruning = Pruning
insight-category-quantisation = Kwantisatie
insight-category-distillation = Distillatie
insight-category-small-models = Kleinere, taakgerichte modellen
insight-category-efficient-hardware = Efficiënte hardware
insight-category-renewables = Duurzame energie en datacenters
insight-category-measuring = Energie meten
insight-category-inference = Efficiënte inferentie en serving
insight-category-ai-for-sustainability = AI voor duurzaamheid
insight-category-other = Overig
insight-new-title = Deel een inzicht
insight-edit-title = Bewerk je inzicht
insight-form-intro = Deel wat je weet over groenere AI. Koppel de modellen, metingen en overzichten die het onderbouwen; een bewering die je doet wordt op de pagina van je inzicht getoetst aan de data.
insight-field-title = Titel
insight-field-lang = Geschreven in
insight-field-body = Tekst (Markdown: koppen, lijsten, links, code en tabellen werken; HTML wordt als tekst getoond)
insight-field-body-hint = Hoogstens 20.000 tekens.
insight-field-models = Modellen (één naam per regel)
insight-field-measurements = Metingen (hun adressen of id's, één per regel)
insight-field-boards = Overzichten (hun adressen met de filters, één per regel)
insight-claim-title = Wat de data zegt
insight-claim-hint = Optioneel: een vergelijking van metingen van één model en taak, zoals int8 tegenover fp16. De pagina toont beide medianen, hun spreiding en de verandering, uit de huidige geverifieerde cijfers.
insight-field-claim-a-label = Kant die minder energie gebruikt (label, bijv. int8)
insight-field-claim-a = De metingen daarvan (adressen of id's)
insight-field-claim-b-label = Kant waarmee vergeleken wordt (label, bijv. fp16)
insight-field-claim-b = De metingen daarvan (adressen of id's)
insight-save = Opslaan
insight-error-title = Geef een titel van 3 tot { $max } tekens.
insight-error-body = Schrijf een tekst van hoogstens { $max } tekens.
insight-error-category = Kies een categorie.
insight-error-lang = Kies de taal waarin je schreef: Nederlands of Engels.
insight-error-links = Een bericht mag hoogstens { $max } links bevatten (in de tekst en de velden samen). Houd de belangrijkste.
insight-error-model = Geen model “{ $value }” in de catalogus. Controleer de naam, of stel het model eerst voor bij een meting.
insight-error-measurement = Geen meting “{ $value }”. Plak het adres van de pagina van de meting.
insight-error-board = “{ $value }” is geen overzicht van deze site. Plak het adres van een overzicht, met zijn filters.
insight-error-claim-labels = Geef beide kanten van de bewering een label van 1 tot 40 tekens.
insight-error-claim-sides = Geef elke kant van de bewering 1 tot { $max } metingen.
insight-error-claim-mixed = Een bewering vergelijkt metingen van één model en één taak: deze zijn van meerdere.
insight-former-member = voormalig lid
insight-edited = bewerkt
insight-pending = Dit is je eerste inzicht: een onderzoeker bekijkt het voordat het openbaar is. Tot dan zien alleen jij en onderzoekers het.
insight-hidden = Een moderator heeft dit inzicht verborgen:
insight-claim-says = De auteur stelt dat
insight-claim-less = minder energie gebruikt dan
insight-claim-supported = De data ondersteunt deze bewering: de mediaan verandert met
insight-claim-not-supported = De data ondersteunt deze bewering niet: de mediaan verandert met
insight-claim-no-data = Aan één kant zijn geen geverifieerde metingen meer: de bewering is nu niet te toetsen.
insight-claim-dropped = { $count ->
    [one] { $count } van de metingen die deze bewering noemt is niet meer geverifieerd (afgewezen, ingetrokken of in beoordeling) en telt niet mee.
   *[other] { $count } van de metingen die deze bewering noemt zijn niet meer geverifieerd (afgewezen, ingetrokken of in beoordeling) en tellen niet mee.
}
insight-claim-how = Nu berekend uit de geverifieerde metingen die de bewering noemt: medianen en de middelste helft (interkwartielafstand), en de verandering van de mediaan van de tweede kant naar de eerste.
insight-links = Onderbouwd met
insight-link-measurement = Meting { $id }
insight-measurement-rejected = inmiddels afgewezen
insight-measurement-withdrawn = inmiddels ingetrokken
insight-helpful = Dit was nuttig
insight-voted = Je vond dit nuttig.
insight-edit = Bewerken
insight-delete = Verwijderen
insight-comments = Reacties
insight-comment = reactie
insight-comment-hidden = verborgen door een moderator
insight-comment-label = Je reactie (hoogstens 2.000 tekens)
insight-comment-send = Plaats reactie
insight-sign-in = Log in om te reageren of dit nuttig te vinden
insight-report = Melden
insight-report-comment = Meld deze reactie
insight-report-reason = Reden
insight-back = Terug naar het inzicht
again-title = Controleer wat je schreef
insight-publish = Publiceren
insight-hide = Verbergen
insight-restore = Terugzetten
insight-history = Eerdere versies
insight-history-intro = Elke bewerking bewaart de versie die ze verving, nieuwste eerst.
insight-replaced = Vervangen op
insights-moderation-title = Inzichten om te modereren
insights-moderation-waiting = Eerste inzichten die op beoordeling wachten
insights-moderation-reports = Meldingen
insights-moderation-none = Niets hier.
flash-insight-published = Je inzicht is gepubliceerd.
flash-insight-pending = Dank je! Je eerste inzicht wacht op beoordeling door een onderzoeker voordat het openbaar is.
flash-insight-saved = Je wijzigingen zijn opgeslagen; de vorige versie staat in de geschiedenis.
flash-insight-deleted = Je inzicht is verwijderd.
flash-comment-length = Schrijf een reactie van 1 tot 2.000 tekens.
flash-report-reason = Geef een reden voor je melding (hoogstens 1.000 tekens).
flash-report-thanks = Dank je: een onderzoeker bekijkt je melding.
flash-moderation-done = Gedaan; de auteur krijgt bericht per mail.
mail-insight-hidden-subject = Een moderator heeft je bericht verborgen
mail-insight-hidden-body = Een moderator heeft je bericht op Green AI Hub verborgen, om deze reden: { $reason }
mail-insight-hidden-button = Bekijk het inzicht
mail-insight-restored-subject = Je bericht is weer zichtbaar
mail-insight-restored-body = Een moderator heeft je bericht op Green AI Hub weer zichtbaar gemaakt.
mail-insight-restored-button = Bekijk het inzicht
model-insights = Inzichten over dit model
topics-title = Onderzoeksonderwerpen
topics-intro = Doe mee aan het onderzoek: van je ervaring delen tot een masterscriptie. Vind een onderwerp en meld je aan; een begeleider beslist en laat het je per mail weten.
topics-kind = Soort
topics-line = Onderzoekslijn
topics-none = Er zijn nu geen open onderwerpen die passen.
topic-kind-master-thesis = Masterscriptie
topic-kind-internship = Stage
topic-kind-contributor-project = Bijdrageproject
topic-kind-share-experience = Deel je ervaring
topic-line-energy-efficiency = Energie-efficiëntie
topic-line-model-optimisation = Modeloptimalisatie
topic-new-title = Nieuw onderzoeksonderwerp
topic-edit-title = Onderwerp bewerken
topic-dashboard = Kandidaten
topic-field-title = Titel
topic-field-summary = Samenvatting (hoogstens 500 tekens)
topic-field-description = Beschrijving (Markdown)
topic-field-supervisors = Begeleiders (e-mailadressen van onderzoekers op het platform, één per regel)
topic-background = Gevraagde achtergrond
topic-location = Locatie of op afstand
topic-start = Start
topic-deadline = Aanmelden vóór
topic-places = Plaatsen
topic-status = Status
topic-status-draft = concept
topic-status-open = open
topic-status-closed = gesloten
topic-status-closed-or-draft = niet open voor aanmeldingen
topic-supervisors = Begeleiders
topic-no-candidates = Nog geen aanmeldingen.
topic-error-length = Schrijf tussen { $min } en { $max } tekens.
topic-error-kind = Kies de soort onderwerp.
topic-error-line = Kies een onderzoekslijn.
topic-error-capacity = Geef het aantal plaatsen: 1 tot 100.
topic-error-deadline = Geef een datum als JJJJ-MM-DD.
topic-error-supervisors = Noem 1 tot 10 begeleiders met het e-mailadres van hun onderzoekersaccount.
signup-title = Aanmelden
signup-yours = Je aanmelding:
signup-log-in = Log in om je aan te melden
signup-motivation = Waarom dit onderwerp? Je motivatie (50 tot 5.000 tekens)
signup-organisation = Universiteit of organisatie
signup-programme = Opleiding
signup-level = Niveau
signup-level-bachelor = Bachelor
signup-level-master = Master
signup-level-phd = Promovendus
signup-level-professional = Professional
signup-available = Beschikbaar vanaf
signup-hours = Uren per week
signup-hours-short = uur/week
signup-cv = Link naar een cv of portfolio (optioneel)
signup-send = Aanmelding versturen
signup-withdraw = Intrekken
signup-message = Bericht
signup-notes = Notities (alleen voor begeleiders)
signup-accept = Accepteren
signup-waitlist = Wachtlijst
signup-decline = Afwijzen
signup-status-pending = wacht op een besluit
signup-status-accepted = geaccepteerd
signup-status-declined = afgewezen
signup-status-waitlisted = op de wachtlijst
signup-status-withdrawn = ingetrokken
signup-error-closed = Aanmelden voor dit onderwerp kan niet meer: de deadline is voorbij, het is gesloten of vol.
signup-error-duplicate = Je hebt je al aangemeld voor dit onderwerp; zie je aanmeldingen.
signup-error-level = Kies je niveau.
signup-error-hours = Geef de uren per week als getal van 1 tot 60.
signup-error-cv = Geef een webadres dat begint met https:// (of laat het leeg).
signups-title = Je aanmeldingen
signups-none = Je hebt je nog niet aangemeld voor een onderwerp.
flash-signup-received = Dank je! Je aanmelding is binnen; je hoort per mail van de begeleiders.
flash-signup-withdrawn = Je aanmelding is ingetrokken.
flash-topic-full = Dit onderwerp is vol: wijs af of zet op de wachtlijst, of voeg eerst plaatsen toe.
flash-signup-decided = Over die aanmelding is al besloten.
flash-decision-message = Een bericht is hoogstens 2.000 tekens.
mail-signup-received-subject = Je aanmelding is binnen
mail-signup-received-body = Dank je voor je aanmelding voor “{ $topic }”. De begeleiders lezen je motivatie en laten je hun besluit per mail weten.
mail-signup-received-button = Bekijk je aanmeldingen
mail-signup-notice-subject = Een nieuwe aanmelding voor je onderwerp
mail-signup-notice-body = Iemand heeft zich aangemeld voor “{ $topic }”.
mail-signup-notice-button = Bekijk de kandidaten
mail-signup-decided-subject = Een besluit over je aanmelding
mail-signup-decided-body = Je aanmelding voor “{ $topic }” is { $decision }.
    { $message }
mail-signup-decided-button = Bekijk je aanmeldingen
cta-measure-link = Een meting insturen
cta-insight-link = Inzichten lezen en delen
cta-research-link = Bekijk de open onderzoeksonderwerpen
mail-signup-closed-subject = Je aanmelding is gesloten
mail-signup-closed-body = Dank je voor je aanmelding voor “{ $topic }”. De begeleiders zijn niet op tijd tot een besluit gekomen, dus je aanmelding is gesloten. Hopelijk zien we je bij een ander onderwerp.
mail-signup-closed-button = Bekijk de open onderwerpen
signup-status-closed = gesloten zonder besluit
signup-waitlisted = Dit onderwerp is vol: je kunt je aanmelden voor de wachtlijst.
flash-signup-waitlisted = Dank je! Het onderwerp is vol, dus je staat op de wachtlijst; je hoort per mail van de begeleiders.
nav-topics = Onderzoek
gaps-title = Waar de data het dunst is
gaps-intro = Taken en soorten apparaten met weinig geverifieerde metingen, veel gemeten modellen die op veel overzichten ontbreken, en overzichten met vooral voorlopige regels. Van elk kun je in één stap een concept-bijdrageproject maken, met een doel waartegen de voortgang telt.
gaps-devices = Taken × soorten apparaten met minder dan 10 geverifieerde metingen
gaps-verified = Geverifieerde metingen
gaps-make-topic = Maak hier een onderwerp van
gaps-models = Veel gemeten modellen die op overzichten ontbreken
gaps-boards-lacking = Overzichten zonder
gaps-provisional = Overzichten met vooral voorlopige regels
gaps-provisional-lines = regels voorlopig (minder dan 3 metingen)
gap-topic-title = Meet { $task }: { $what }
gap-topic-summary = Help een gat in de data te vullen: er worden { $target } geverifieerde metingen gevraagd.
gap-topic-description = De data is hier dun: zie [het overzicht]({ $board }). Meet de modellen die je draait (CodeCarbon, NVML, RAPL of een stopcontactmeter) en stuur ze in; elke geverifieerde meting die je instuurt telt mee voor het doel van { $target }.
topic-progress = Voortgang
topic-progress-measurements = { $done } / { $count ->
    [one] { $count } geverifieerde meting van deelnemers
   *[other] { $count } geverifieerde metingen van deelnemers
}
topic-progress-board = bekijk het overzicht
topics-new = Nieuw onderwerp
topics-gaps = Gaten in de data
error-503-title = Even druk
error-503-message = Er worden te veel verzoeken tegelijk verwerkt. Probeer het over een paar seconden opnieuw.
error-database-unavailable = Onze database is even niet bereikbaar (misschien start hij opnieuw). Er is niets verloren van wat je stuurde: probeer het over een paar seconden opnieuw.
error-control-characters = Wat je stuurde bevat onzichtbare stuurtekens (zoals een NUL-byte) die niet opgeslagen kunnen worden. Haal ze weg en stuur het opnieuw.
api-idempotency-invalid = Een Idempotency-Key bestaat uit 1 tot 200 zichtbare ASCII-tekens (letters, cijfers, leestekens; geen spaties). Stuur per inzending één zo'n sleutel, of geen.
flash-moderation-own = Je kunt je eigen metingen niet verifiëren: een andere onderzoeker controleert ze.
insight-status-published = zichtbaar
insight-status-pending = wacht op beoordeling
insight-status-hidden = verborgen
insight-status-deleted = verwijderd door de auteur
flash-moderation-published = Gepubliceerd: iedereen kan het nu lezen.

# The dashboard
dashboard-title = Je overzicht
dashboard-welcome = Welkom, { $name }
dashboard-unverified = Bevestig je e-mailadres met de link die we je stuurden: daarna kun je metingen en inzichten delen.
dashboard-verified = Telt mee op de ranglijsten
dashboard-pending = Wacht op een onderzoeker
dashboard-rejected = Afgewezen
dashboard-see-mine = Bekijk je metingen
dashboard-signups = Je aanmeldingen
dashboard-signups-open = Wacht op een besluit
dashboard-signups-accepted = Geaccepteerd
dashboard-see-signups = Bekijk je aanmeldingen
dashboard-topics = Onderzoeksonderwerpen
dashboard-insights = Inzichten die je schreef
dashboard-write-insight = Deel een inzicht
dashboard-review = Wacht op jou
dashboard-queue = Metingen om te controleren
dashboard-insights-review = Inzichten om te beoordelen
dashboard-next = Wat je nu kunt doen
dashboard-upload = Upload een CodeCarbon-bestand
dashboard-boards = Bekijk waar je cijfers staan op de ranglijsten
dashboard-settings = Instellingen (wachtwoord, e-mailadres, taal)
dashboard-tokens = API-tokens

# The measuring guide (/guide).
guide-title = Zo meet je
guide-intro = Een cijfer op de ranglijsten is alleen vergelijkbaar als het op dezelfde manier gemeten is. Deze gids zegt hoe je meet met onze meter, met CodeCarbon, met nvidia-smi of met een meter in het stopcontact, wat je per taak opgeeft, en wat een meting bederft.
guide-contents = Op deze pagina
guide-meter-what = greenai-meter is één kleine opdracht die een run meet met een vast protocol en het resultaat hierheen kan sturen. Hij leest NVIDIA-GPU’s via NVML, het CPU-pakket en het geheugen via Linux RAPL, en AMD-GPU’s via de hwmon-bestanden van de kernel; wat hij niet kan lezen, meldt hij, en telt hij nooit als nul.
guide-meter-install = Installeer hem vanuit een kloon van de repository van het platform (hij heeft Rust nodig, niet de database of webserver van het platform):
guide-meter-static = Een statisch programma dat op elke Linux-machine draait, bouw je met musl. Dat kan de bibliotheek van het NVIDIA-stuurprogramma niet laden, dus gebruik op machines met een NVIDIA-GPU de gewone bouw.
guide-meter-probe = Kijk eerst wat je machine kan meten:
guide-meter-run = Meet dan je opdracht, na de twee streepjes. Met --submit gaat het resultaat hierheen met een API-token van je accountpagina; zonder wordt de meting als JSON getoond, om eerst na te kijken.
guide-meter-protocol = Het protocol is overal gelijk: 10 seconden nulmeting in rust, dan je opdracht, dan 5 seconden afkoelen, met het vermogen 10 keer per seconde gemeten. De meting legt de totale energie van de run vast en de energie boven de nulmeting, het gemiddelde en hoogste vermogen, en het verloop van het vermogen; de instellingen worden meegestuurd.
guide-meter-work = De meter kan niet weten hoeveel vragen of tokens je werk verwerkte. Geef ze op met --queries en --output-tokens, of laat je programma ze schrijven naar het bestand dat de meter noemt in de variabele GREENAI_METER_WORK:
guide-meter-work-comment = nadat je werk gedraaid heeft
guide-meter-rights = Linux laat alleen root de RAPL-tellers lezen. Draai de meter met sudo, of laat je gebruiker ze lezen tot de volgende herstart:
guide-codecarbon = CodeCarbon schrijft een emissions.csv met één rij per run. Gebruik de tracking-modus machine (die meet het vermogen met RAPL en NVML; de modus process schat) en upload het bestand hier: je kiest model, taak en vragen per run, en ziet eerst een voorbeeld.
guide-codecarbon-comment = je werk
guide-smi = Zonder andere hulpmiddelen meet je het vermogen van de GPU terwijl je werk draait en tel je het op: energie is de som van vermogen × de meetinterval (hieronder 0,1 s). Geef energie, duur en de naam van de GPU op via het formulier. Dit meet alleen de GPU.
guide-wall-title = Een meter in het stopcontact
guide-wall = Een meter tussen stopcontact en machine meet alles wat de machine verbruikt, ook de verliezen van de voeding. Noteer de stand voor en na de run en geef het verschil in Wh op; de meter houdt dan nog steeds de tijd bij en legt het protocol vast.
guide-report-title = Wat je opgeeft
guide-report-query = Tekstgeneratie en chat: een vraag is één beantwoorde prompt. Geef het aantal prompts op, niet het aantal batches.
guide-report-tokens = Tokens: de gegenereerde uitvoertokens, opgeteld over alle vragen (niet de prompttokens). De energie per token wordt ermee berekend.
guide-report-batch = Batchgrootte: hoeveel vragen het model tegelijk verwerkte. Grotere batches gebruiken minder energie per vraag; zeg welke je gebruikte, zodat regels vergelijkbaar blijven.
guide-report-training = Training en fine-tuning: één run is de hele taak; geef de energie en duur daarvan op, niet per stap.
guide-report-where = Waar: de regio van de machine (NL, DE, US-CA …) voor de CO2-intensiteit van het net, en het apparaat zoals je hulpmiddelen het noemen.
guide-pitfalls-title = Valkuilen
guide-pitfall-idle = Rustvermogen: een GPU verbruikt tientallen watt terwijl hij niets doet. De meter meet dat eerst en geeft ook de energie boven de nulmeting; andere methoden tellen het mee, dus vermeld dat.
guide-pitfall-others = Andere processen: een browser, een videogesprek of een tweede taak op de GPU komen in het cijfer terecht. Meet op een rustige machine.
guide-pitfall-laptop = Laptops: op de accu vertragen vermogenslimieten de run; meet aan het stopcontact, en noem de laptop-GPU zoals de maker het doet (het vermogensbereik verschilt van de desktopkaart).
guide-pitfall-warmup = Opwarmen: de eerste vragen laden het model en compileren kernels. Meet een run die lang genoeg is om het opwarmen klein te houden, of laat het weg en vermeld dat.
guide-pitfall-short = Korte runs: onder een paar seconden zijn tellers en metingen te grof. Meet minstens 30 seconden.

## De live-API van CodeCarbon
codecarbon-title = CodeCarbon, live
codecarbon-intro = Een CodeCarbon-tracker kan zijn runs rechtstreeks naar het platform sturen: elke run wordt één zelf gerapporteerde meting van het model en de taak van zijn experiment.
codecarbon-step-token = Maak een persoonlijk API-token; de tracker stuurt het als zijn api_key.
codecarbon-step-experiment = Voeg hieronder een experiment toe: het model, de taak en hoeveel vragen één run beantwoordt.
codecarbon-step-tracker = Laat de tracker met zijn experiment_id naar het platform sturen (pip install codecarbon; werkt op Linux, Windows en macOS).
codecarbon-quiet = CodeCarbon meldt nooit wanneer een run klaar is: een run die een tijd niets stuurt (10 minuten, tenzij het platform anders is ingesteld) wordt als meting opgeslagen.
codecarbon-experiments = Je experimenten
codecarbon-no-experiments = Nog geen experimenten.
codecarbon-new-experiment = Experiment toevoegen
codecarbon-name = Naam
codecarbon-add = Experiment toevoegen
codecarbon-experiment-added = Het experiment is toegevoegd: gebruik zijn experiment_id in je tracker.
codecarbon-runs = Je runs
codecarbon-no-runs = Nog geen runs: de eerste verschijnt hier zodra de tracker hem stuurt.
codecarbon-started = Begonnen
codecarbon-state = Wat ermee gebeurde
codecarbon-name-invalid = Geef het experiment een naam van hoogstens 200 tekens.
codecarbon-task-invalid = Kies de taak die de runs meten.
codecarbon-queries-invalid = Vragen per run is een geheel getal vanaf 1, of leeg voor trainingsruns.
codecarbon-text-too-long = Een tekst die de tracker stuurde is langer dan 200 tekens (of leeg waar hij nodig is).
codecarbon-number-invalid = Een getal dat de tracker stuurde is negatief, niet eindig of veel te groot.
codecarbon-experiment-invalid = experiment_id is geen id: kopieer het van je CodeCarbon-pagina op het platform.
codecarbon-too-many-runs = Je hebt al 20 runs open: wacht tot ze zijn opgeslagen (na een stille tijd) voordat je er meer start.
codecarbon-run-unknown = Er is geen open run van jou met deze run_id: misschien is hij na een stille tijd al opgeslagen; start een nieuwe run.
codecarbon-unnamed = Zijn experiment_id is niet een van je experimenten, dus het platform weet niet welk model en welke taak hij mat. Voeg een experiment toe en gebruik zijn id.
codecarbon-no-energy = De tracker stuurde geen energie voor deze run.
run-state-open = ontvangt
run-state-stored = opgeslagen
run-state-unnamed = wacht: experiment onbekend
run-state-refused = niet opgeslagen
editions-title = Edities
editions-intro = Een editie is een ranglijst, bevroren zoals die op een dag stond, met een id, een datum en een vast adres: citeer haar, en ze blijft voor altijd hetzelfde, wat de levende ranglijst daarna ook doet. Haar downloads zijn er als CSV, JSON en Apache Parquet, met een CITATION.cff en een BibTeX-vermelding.
editions-scope = Ranglijst
editions-all-boards = Alle ranglijsten
editions-freeze = Een editie bevriezen
editions-none = Er is nog geen editie bevroren.
editions-id = Editie
editions-lines = Regels
editions-edition = Editie
editions-frozen = bevroren
editions-url = Vast adres
editions-changes = Wat er veranderde
editions-since = Sinds
editions-first = De eerste editie van deze ranglijst.
editions-added = { $count ->
    [one] één regel erbij
   *[other] { $count } regels erbij
}
editions-removed = { $count ->
    [one] één regel verdwenen
   *[other] { $count } regels verdwenen
}
editions-moved = { $count ->
    [one] één mediaan veranderd
   *[other] { $count } medianen veranderd
}
editions-downloads = Downloads
editions-licence = De cijfers vallen onder CC BY 4.0: citeer de editie.
editions-cite = Deze editie citeren
editions-first-lines = De eerste regels
editions-board = Ranglijst
editions-model = Model
editions-device = Apparaat
editions-median = Mediaan per eenheid
editions-stars = Sterren
boards-editions = Bevroren edities om te citeren

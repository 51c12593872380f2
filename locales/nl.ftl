# Green AI Hub — Nederlandse teksten. Elke sleutel hier moet ook in en.ftl staan (een test controleert dat).

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
error-413-title = Te groot
error-413-message = Wat je stuurde is groter dan we accepteren. Stuur een kleiner bestand of splits het op.
error-429-title = Te veel pogingen
error-429-message = Je hebt dit te vaak geprobeerd in korte tijd. Wacht even en probeer het opnieuw.
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
landing-research-title = Waar de onderzoekslijn aan werkt
landing-research-intro = Het onderzoekscentrum bestudeert de energie-efficiëntie van AI-systemen en hoe de modellen zelf te optimaliseren zijn:
landing-topic-efficiency = Energie-efficiëntie:
landing-topic-efficiency-text = meten wat training en inferentie werkelijk gebruiken, per query, per token en per run.
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
cta-measure-step2 = Noteer het model, de taak, de hardware, het aantal queries en het meetvenster.
cta-measure-step3 = Voer de cijfers in of upload de emissions.csv van CodeCarbon; een moderator controleert ongewone waarden.
cta-insight-title = Deel een inzicht
cta-insight-text = Een instelling, een kleiner model of een truc gevonden die energie bespaart? Schrijf het op voor anderen, met de metingen die het laten zien.
cta-research-title = Meld je aan voor onderzoek
cta-research-text = Masterstudenten kunnen een onderzoeksonderwerp binnen de onderzoekslijn oppakken en zich hier aanmelden; je krijgt een bevestiging en later een besluit.
cta-opening = Metingen delen, inzichten en aanmeldingen gaan stap voor stap open; de modelcatalogus is er al.

sources-title = Databronnen en bronvermelding
sources-intro = Green AI Hub bouwt op gepubliceerde data. Elke bron staat hier met haar editie, hoe je haar citeert en haar licentie.
sources-empty = Er is nog geen gepubliceerde data geladen.
sources-name = Bron
sources-edition = Editie
sources-citation = Zo citeer je
sources-licence = Licentie
sources-constants-title = Constanten achter de vergelijkingen
sources-constants-text = Magnetron: 1000 W gedurende 12 seconden ≈ 3,3 Wh, de vergelijking uit de podcast. Smartphone opladen: 15,4 Wh (een accu van 4000 mAh bij 3,85 V). Waterkoker: 110 Wh om een liter water van 15 °C te koken bij 90 % rendement. Elektrische auto: 0,18 kWh per kilometer (gemiddelde van EV Database). CO2-intensiteit van het stroomnet per land van Green Algorithms.

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
privacy-rights-text = Je kunt al je gegevens als JSON downloaden en je account op elk moment verwijderen. Je metingen blijven dan op de ranglijsten staan onder „voormalig lid”, zonder je naam.
privacy-retention-title = Hoe lang
privacy-retention-text = Accountgegevens zolang je een account hebt; logs 30 dagen; gepubliceerde metingen zolang de ranglijsten bestaan, zonder persoonsgegevens zodra je account verwijderd is.

models-title = AI-modellen
models-intro = Elk model dat het platform kent, met de bronnen die het noemen. Metingen en ranglijsten per model volgen op de ranglijsten.
models-empty = Nog geen modellen. Laad de demodata met `greenai seed-demo`.
models-count = modellen
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
form-display-name-invalid = Vul een weergavenaam in van 1 tot 80 tekens.
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
mail-password-changed-body = Het wachtwoord van je Green AI Hub-account is gewijzigd, en andere sessies zijn uitgelogd.
    Was jij dit niet? Stel je wachtwoord dan meteen opnieuw in.
mail-deleted-subject = Je account is verwijderd
mail-deleted-body = Je Green AI Hub-account is verwijderd: je persoonsgegevens zijn gewist, en je bijdragen blijven staan onder „voormalig lid”. Dank je voor je deelname.

# Green AI Hub — English messages. Every key here must exist in nl.ftl too (a test checks).

site-description = Community-measured energy figures of AI models: submit measurements, compare models, and help research on Green AI.
skip-to-content = Skip to content
nav-label = Main navigation
nav-home = Home
nav-models = Models
nav-sources = Sources
switch-language = Nederlands
footer-about = Green AI Hub is the community platform of a Dutch research line on Green AI: energy efficiency of AI systems and optimisation of the models themselves.
footer-sources = Data sources and attribution
footer-privacy = Privacy
footer-request-id = Request { $id }

error-home = Back to the home page
error-request-id = If you report this, mention request
error-400-title = Bad request
error-400-message = The request could not be understood. Check what you sent and try again.
error-401-title = Please log in
error-401-message = You need to be logged in to see this page.
error-403-title = Not allowed
error-403-message = You do not have permission for this. If you think you should, contact an administrator.
error-404-title = Page not found
error-404-message = There is no page at this address. It may have moved; try the navigation above.
error-405-title = Not possible here
error-405-message = This address does not accept this kind of request.
error-413-title = Too large
error-413-message = What you sent is larger than we accept. Send a smaller file or split it up.
error-429-title = Too many attempts
error-429-message = You have tried this too often in a short time. Wait a little and try again.
error-500-title = Something went wrong
error-500-message = An error on our side stopped this request. It has been logged; please try again in a moment.

landing-title = Green AI: what does AI cost the planet?
landing-lead = AI can help cut emissions elsewhere, yet running it takes energy too. Green AI Hub collects trustworthy, community-measured energy figures of AI models, so that everyone can choose efficient models and research can make them leaner.
landing-paradox-title = The paradox
landing-paradox-text = AI is promoted as a way to save energy — in logistics, buildings and power grids — while data centres full of GPUs draw ever more electricity. How large is the cost of one answer from a chat model? And how much smaller can it get?
landing-microwave-caption = One interaction with a large chat model uses about as much energy as
landing-thousand-intro = A thousand such interactions come to
landing-eq-kettles = kettles of water brought to the boil (1 litre each)
landing-eq-phones = full smartphone charges
landing-eq-ev = kilometres driven in an electric car
landing-eq-sources = Sources of every constant are listed on the data sources page.
landing-research-title = What the research line works on
landing-research-intro = The research centre studies the energy efficiency of AI systems and how to optimise the models themselves:
landing-topic-efficiency = Energy efficiency:
landing-topic-efficiency-text = measuring what training and inference really use, per query, per token and per run.
landing-topic-pruning = Pruning:
landing-topic-pruning-text = removing weights and structures a model does not need.
landing-topic-quantisation = Quantisation and distillation:
landing-topic-quantisation-text = running models at lower precision, or teaching a small model what a large one knows.
landing-topic-small = Smaller, task-specific models:
landing-topic-small-text = models trained for one task instead of one model for everything.
landing-topic-hardware = Efficient hardware:
landing-topic-hardware-text = accelerators and configurations that do more work per joule.
landing-topic-renewable = Renewable energy in data centres:
landing-topic-renewable-text = running the work where and when the grid is clean.
landing-help-title = How you can help
cta-measure-title = Submit a measurement
cta-measure-text = Run a model yourself? Measure its energy and share the figure, so the leaderboards rest on real measurements from many machines.
cta-measure-step1 = Measure with CodeCarbon, NVML/Zeus, RAPL or a wall-socket meter.
cta-measure-step2 = Note the model, task, hardware, number of queries and the time window.
cta-measure-step3 = Submit the figures or upload CodeCarbon's emissions.csv; a moderator checks unusual values.
cta-insight-title = Share an insight
cta-insight-text = Found a setting, a smaller model or a trick that saves energy? Write it down for others, with the measurements that show it.
cta-research-title = Sign up for research
cta-research-text = Master's students can take on a research topic in the research line and sign up for it here; you receive a confirmation and, later, a decision.
cta-opening = Submitting, insights and sign-ups open step by step; the model catalogue is there already.

sources-title = Data sources and attribution
sources-intro = Green AI Hub builds on published data. Each source is shown with its edition, how to cite it, and its licence.
sources-empty = No published data has been loaded yet.
sources-name = Source
sources-edition = Edition
sources-citation = How to cite
sources-licence = Licence
sources-constants-title = Constants behind the comparisons
sources-constants-text = Microwave: 1,000 W for 12 seconds ≈ 3.3 Wh, the podcast's comparison. Smartphone charge: 15.4 Wh (a 4,000 mAh battery at 3.85 V). Kettle: 110 Wh to boil one litre from 15 °C at 90 % efficiency. Electric car: 0.18 kWh per kilometre (EV Database average). Grid carbon intensity per country from Green Algorithms.

privacy-title = Privacy statement
privacy-intro = We keep as little personal data as the platform needs, never sell it, and let you take it with you or delete it.
privacy-what-title = What we keep
privacy-what-account = Your account: e-mail address, display name, a hash of your password (never the password itself), your role and chosen language.
privacy-what-contributions = What you contribute: measurements, insights and sign-ups, shown under your display name.
privacy-what-logs = Server logs with the time, address and request id of each request, kept for 30 days to keep the service secure.
privacy-what-cookies = Cookies: one that remembers your language, and, once you log in, a session cookie. No tracking or advertising cookies.
privacy-why-title = Why
privacy-why-text = To run the platform, to show who measured what (so figures can be trusted), and to contact you about your contributions and sign-ups. The legal basis is the agreement you enter by creating an account, and our legitimate interest in a secure service.
privacy-rights-title = Your rights
privacy-rights-text = You can download all your data as JSON and delete your account at any time. Your measurements then stay on the leaderboards under “former member”, without your name.
privacy-retention-title = How long
privacy-retention-text = Account data as long as you have an account; logs 30 days; published measurements as long as the leaderboards exist, without personal data once your account is deleted.

models-title = AI models
models-intro = Every model the platform knows, with the sources that mention it. Measurements and rankings per model follow on the leaderboards.
models-empty = No models yet. Load the demo data with `greenai seed-demo`.
models-count = models
models-name = Model
models-organisation = Organisation
models-params = Parameters
models-sources = Sources
models-params-active = { $total } ({ $active } active)

nav-login = Log in
nav-register = Register
nav-logout = Log out
nav-admin = Admin
role-member = Member
role-researcher = Researcher
role-admin = Admin

form-email = E-mail address
form-display-name = Display name
form-display-name-hint = Shown with your contributions.
form-password = Password
form-password-hint = 12 to 128 characters; a sentence you remember works well.
form-new-password = New password
form-current-password = Current password
form-new-email = New e-mail address
form-email-invalid = Enter an e-mail address such as name@example.org.
form-display-name-invalid = Enter a display name of 1 to 80 characters.
form-current-password-wrong = This is not your current password.
password-too-short = Use at least 12 characters.
password-too-long = Use at most 128 characters.
password-too-common = This password is too common or too simple; choose another.

register-title = Create an account
register-intro = With an account you can submit measurements, share insights and sign up for research topics.
register-submit = Create account
register-have-account = Already have an account?
register-done-title = Check your inbox
register-done-text = We have sent a message to the address you gave. Follow the link in it to confirm your address. No message? Check your spam folder, or register again in a few minutes.
verify-done-title = Address confirmed
verify-done-text = Thank you: your e-mail address is confirmed. You can now log in and contribute.
link-invalid-title = This link does not work
link-invalid-text = The link is unknown, has been used already or has expired. Request a new one and use it soon after it arrives.

login-title = Log in
login-submit = Log in
login-forgot = Forgot your password?
login-failed = The e-mail address or password is not right. Try again, or reset your password.

forgot-title = Forgot your password?
forgot-intro = Enter the address of your account and we will send you a link to choose a new password. The link works once, for one hour.
forgot-submit = Send link
forgot-done-title = Check your inbox
forgot-done-text = If an account exists for that address, we have sent it a link to choose a new password. It works once, for one hour.
reset-title = Choose a new password
reset-submit = Save new password

account-title = Your account
account-verified = confirmed
account-unverified = not yet confirmed
account-role = Role
account-password-title = Change password
account-password-submit = Change password
account-email-title = Change e-mail address
account-email-submit = Send confirmation link
account-language-title = Language
account-language-label = Language of pages and e-mails
account-language-submit = Save
account-more-title = Your data
account-export = Download all my data (JSON)
email-change-sent-title = Confirm your new address
email-change-sent-text = We have sent a link to the new address. Your address changes once you follow it; until then the old one stays.
email-changed-title = E-mail address changed
email-changed-text = Your account now uses the new address. We told the old address about the change.

tokens-title = API tokens
tokens-intro = Personal tokens let scripts submit measurements through the JSON API (Authorization: Bearer …). Treat them like passwords.
tokens-name = Name
tokens-create = Create token
tokens-created = Your new token. Copy it now: it is shown only this once.
tokens-none = You have no tokens yet.
tokens-prefix = Starts with
tokens-created-at = Created
tokens-last-used = Last used
tokens-never = never
tokens-revoke = Revoke
tokens-revoked = revoked
tokens-name-invalid = Give the token a name of 1 to 80 characters.

delete-title = Delete my account
delete-explain = Deleting your account cannot be undone. This is what happens:
delete-erased = Your e-mail address, display name, password and API tokens are erased, and you are logged out everywhere.
delete-kept = Your measurements and insights stay, shown under “former member”, because others rely on them.
delete-final = You can download your data first.
delete-submit = Delete my account for good

flash-password-reset = Your password has been changed. Log in with the new one.
flash-password-changed = Your password has been changed. Other sessions have been logged out.
flash-language-saved = Your language has been saved.
flash-token-revoked = The token has been revoked.
flash-account-deleted = Your account has been deleted. Thank you for your contributions.
flash-role-changed = The role has been changed.

admin-users-title = Users and roles
admin-role-submit = Change
admin-audit-title = Audit log
admin-audit-when = When
admin-audit-event = Event
admin-audit-actor = By
admin-audit-subject = Account

mail-footer = Green AI Hub — community-measured energy figures of AI models. You receive this because of an action on your account.
mail-verify-subject = Confirm your e-mail address
mail-verify-body = Welcome to Green AI Hub! Confirm your e-mail address to start contributing.
    The link works once, for 48 hours. Did you not register? Then ignore this message.
mail-verify-button = Confirm my address
mail-already-subject = Someone tried to register with your address
mail-already-body = Someone (perhaps you) tried to create a Green AI Hub account with this e-mail address, but you already have one.
    Forgot your password? Choose a new one with the link below. Was it not you? Then ignore this message; nothing has changed.
mail-already-button = Choose a new password
mail-reset-subject = Choose a new password
mail-reset-body = Someone (hopefully you) asked to reset the password of your Green AI Hub account.
    The link works once, for one hour. Did you not ask for it? Then ignore this message; your password stays as it is.
mail-reset-button = Choose a new password
mail-new-email-subject = Confirm your new e-mail address
mail-new-email-body = You asked to use this address for your Green AI Hub account. Confirm it with the link below; it works once, for 48 hours.
mail-new-email-button = Confirm this address
mail-email-changed-subject = Your e-mail address was changed
mail-email-changed-body = The e-mail address of your Green AI Hub account is now { $email }.
    Was this not you? Contact us right away.
mail-password-changed-subject = Your password was changed
mail-password-changed-body = The password of your Green AI Hub account was changed, and other sessions were logged out.
    Was this not you? Reset your password right away.
mail-deleted-subject = Your account has been deleted
mail-deleted-body = Your Green AI Hub account has been deleted: your personal data is erased, and your contributions stay under “former member”. Thank you for taking part.

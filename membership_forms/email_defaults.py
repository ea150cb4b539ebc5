"""The texts of the membership emails until staff edit them (Settings › Membership emails),
in English, French and Arabic. Each paragraph is one line, as it will be in the email."""

INVITATION_SUBJECT = "Your application to join the {organisation_name} ({reference})"
INVITATION_BODY = """Dear {contact_name},

Thank you for telling us that {city} would like to join the {organisation_name}. The next step is a short application form. It asks for two or three people in your city who will be our points of contact, a few lines about the challenges your city faces and how it is responding to them, and your city's commitment to the principles every member shares.

Please fill it in here:
{application_link}

The address is for your city's application only and works until {link_expires}. If it has stopped working by the time you reach it, reply to this email and we will send you a new one.

With best wishes,
The {organisation_name} team"""

WELCOME_SUBJECT = "Welcome to the {organisation_name}"
WELCOME_BODY = """Dear {contact_name},

We are delighted to confirm that {city} is now a member of the {organisation_name}, with you as one of its points of contact.

Our Terms of Reference explain how the network works and what members can expect from it and from each other:
{terms_of_reference_link}

As a point of contact you have an account on the Online Hub, the members' own part of our website, where cities share their experience, resources and news:
{hub_link}

Your username is {username}. Before you log in for the first time, please choose a password here:
{set_password_link}

This address is yours alone and works until {set_password_link_expires}. If it has stopped working, reply to this email and we will send you a new one.

We look forward to working with you.

The {organisation_name} team"""

DECLINE_SUBJECT = "Your enquiry about joining the {organisation_name} ({reference})"
DECLINE_BODY = """Dear {contact_name},

Thank you for the interest {city} has shown in the {organisation_name}, and for the time you have given to your enquiry.

We have considered it carefully and are not able to offer membership at present. This need not be our last word: circumstances change, and we would be glad to hear from you again.

If you would like to know more about how we reached this decision, please reply to this email.

With best wishes,
The {organisation_name} team"""

# French.

INVITATION_SUBJECT_FR = "Votre candidature au {organisation_name} ({reference})"
INVITATION_BODY_FR = """Bonjour {contact_name},

Merci de nous avoir fait savoir que {city} souhaite rejoindre le {organisation_name}. L'étape suivante est un court formulaire de candidature. Il vous demande deux ou trois personnes de votre ville qui seront nos contacts, quelques lignes sur les défis auxquels votre ville fait face et sur la manière dont elle y répond, ainsi que l'engagement de votre ville envers les principes que partagent tous les membres.

Vous pouvez le remplir ici :
{application_link}

Cette adresse est réservée à la candidature de votre ville et fonctionne jusqu'au {link_expires}. Si elle ne fonctionne plus lorsque vous l'ouvrez, répondez à ce courriel et nous vous en enverrons une nouvelle.

Bien cordialement,
L'équipe du {organisation_name}"""

WELCOME_SUBJECT_FR = "Bienvenue au {organisation_name}"
WELCOME_BODY_FR = """Bonjour {contact_name},

Nous avons le plaisir de vous confirmer que {city} est désormais membre du {organisation_name}, et que vous êtes l'un de ses contacts.

Notre mandat explique le fonctionnement du réseau et ce que les membres peuvent en attendre, ainsi que les uns des autres :
{terms_of_reference_link}

En tant que contact, vous disposez d'un compte sur l'Online Hub, l'espace de notre site réservé aux membres, où les villes partagent leur expérience, leurs ressources et leurs actualités :
{hub_link}

Votre identifiant est {username}. Avant votre première connexion, choisissez un mot de passe ici :
{set_password_link}

Cette adresse vous est personnelle et fonctionne jusqu'au {set_password_link_expires}. Si elle ne fonctionne plus, répondez à ce courriel et nous vous en enverrons une nouvelle.

Nous nous réjouissons de travailler avec vous.

L'équipe du {organisation_name}"""

DECLINE_SUBJECT_FR = "Votre demande d'adhésion au {organisation_name} ({reference})"
DECLINE_BODY_FR = """Bonjour {contact_name},

Merci de l'intérêt que {city} porte au {organisation_name}, et du temps que vous avez consacré à votre demande.

Nous l'avons examinée avec attention et ne sommes pas en mesure de proposer l'adhésion pour le moment. Ce n'est pas forcément notre dernier mot : les situations évoluent, et nous serions heureux d'avoir de nouveau de vos nouvelles.

Si vous souhaitez en savoir plus sur les raisons de cette décision, il vous suffit de répondre à ce courriel.

Bien cordialement,
L'équipe du {organisation_name}"""

# Arabic.

INVITATION_SUBJECT_AR = "طلب انضمامكم إلى {organisation_name} ({reference})"
INVITATION_BODY_AR = """حضرة {contact_name} المحترم/ة،

نشكركم على إبلاغنا برغبة {city} في الانضمام إلى {organisation_name}. الخطوة التالية استمارة طلب قصيرة، تطلب منكم اسمَي شخصين أو ثلاثة في مدينتكم يكونون جهات الاتصال معنا، وبضعة أسطر عن التحديات التي تواجهها مدينتكم وكيف تتصدّى لها، والتزام مدينتكم بالمبادئ التي يتشاركها جميع الأعضاء.

يُرجى ملء الاستمارة هنا:
{application_link}

هذا العنوان خاص بطلب مدينتكم وحدها، ويعمل حتى {link_expires}. إن توقّف عن العمل حين تصلون إليه، فيكفي أن تردّوا على هذه الرسالة لنرسل إليكم عنوانًا جديدًا.

مع أطيب التمنيات،
فريق {organisation_name}"""

WELCOME_SUBJECT_AR = "مرحبًا بكم في {organisation_name}"
WELCOME_BODY_AR = """حضرة {contact_name} المحترم/ة،

يسعدنا أن نؤكّد لكم أن {city} أصبحت عضوًا في {organisation_name}، وأنكم من جهات الاتصال الخاصة بها.

يشرح إطارنا المرجعي كيف تعمل الشبكة، وما يمكن للأعضاء أن ينتظروه منها ومن بعضهم بعضًا:
{terms_of_reference_link}

بصفتكم جهة اتصال، لديكم حساب في المنصة الإلكترونية، وهي الجزء المخصّص للأعضاء في موقعنا، حيث تتبادل المدن خبراتها ومواردها وأخبارها:
{hub_link}

اسم المستخدم الخاص بكم هو {username}. قبل أن تسجّلوا الدخول أول مرة، يُرجى اختيار كلمة مرور من هنا:
{set_password_link}

هذا العنوان خاص بكم وحدكم، ويعمل حتى {set_password_link_expires}. إن توقّف عن العمل، فيكفي أن تردّوا على هذه الرسالة لنرسل إليكم عنوانًا جديدًا.

نتطلّع إلى العمل معكم.

فريق {organisation_name}"""

DECLINE_SUBJECT_AR = "استفساركم بشأن الانضمام إلى {organisation_name} ({reference})"
DECLINE_BODY_AR = """حضرة {contact_name} المحترم/ة،

نشكركم على الاهتمام الذي أبدته {city} بـ{organisation_name}، وعلى الوقت الذي خصّصتموه لاستفساركم.

لقد درسناه بعناية، ولا يسعنا أن نعرض العضوية في الوقت الحاضر. وليست هذه بالضرورة كلمتنا الأخيرة: فالظروف تتغيّر، ويسعدنا أن نسمع منكم مجددًا.

إن رغبتم في معرفة المزيد عن أسباب هذا القرار، فيكفي أن تردّوا على هذه الرسالة.

مع أطيب التمنيات،
فريق {organisation_name}"""

# The reminder to send the application back, in English, French and Arabic.

REMINDER_SUBJECT = "A reminder: your application to join the {organisation_name} ({reference})"
REMINDER_BODY = """Dear {contact_name},

A little while ago we sent you the application form for {city} to join the {organisation_name}, and we have not received it yet. If you are still interested, we would be glad to have it: it takes only a few minutes.

You can fill it in here:
{application_link}

The address works until {link_expires}. If something is holding you back, or you have a question, simply reply to this email. If your city has decided not to go ahead, a short reply to tell us so is welcome too.

With best wishes,
The {organisation_name} team"""

REMINDER_SUBJECT_FR = "Un rappel : votre candidature au {organisation_name} ({reference})"
REMINDER_BODY_FR = """Bonjour {contact_name},

Il y a quelque temps, nous vous avons envoyé le formulaire de candidature de {city} au {organisation_name}, et nous ne l'avons pas encore reçu. Si votre intérêt demeure, nous serons heureux de le recevoir : il ne prend que quelques minutes.

Vous pouvez le remplir ici :
{application_link}

Cette adresse fonctionne jusqu'au {link_expires}. Si quelque chose vous retient, ou si vous avez une question, il vous suffit de répondre à ce courriel. Si votre ville a décidé de ne pas donner suite, une courte réponse pour nous le dire est également bienvenue.

Bien cordialement,
L'équipe du {organisation_name}"""

REMINDER_SUBJECT_AR = "تذكير: طلب انضمامكم إلى {organisation_name} ({reference})"
REMINDER_BODY_AR = """حضرة {contact_name} المحترم/ة،

أرسلنا إليكم قبل مدة استمارة طلب انضمام {city} إلى {organisation_name}، ولم تصلنا بعد. إن كنتم ما زلتم مهتمين، فيسعدنا أن نتلقّاها: فملؤها لا يستغرق سوى بضع دقائق.

يمكنكم ملء الاستمارة هنا:
{application_link}

يعمل هذا العنوان حتى {link_expires}. إن كان هناك ما يؤخّركم، أو كان لديكم سؤال، فيكفي أن تردّوا على هذه الرسالة. وإن قرّرت مدينتكم عدم المضيّ قُدمًا، فيسعدنا أيضًا أن تخبرونا بذلك في ردّ قصير.

مع أطيب التمنيات،
فريق {organisation_name}"""

# Membership confirmed: to the applicant, when they are not one of the points of contact
# (who get the welcome, with their Online Hub account), in English, French and Arabic.

CONFIRMED_SUBJECT = "{city} is now a member of the {organisation_name} ({reference})"
CONFIRMED_BODY = """Dear {contact_name},

We are delighted to tell you that {city} is now a member of the {organisation_name}. Thank you for the time you and your colleagues gave to the application.

Each of your city's points of contact has received an email of their own, with an account on the Online Hub, the members' own part of our website, where cities share their experience, resources and news:
{points_of_contact}

What happens next: please read our Terms of Reference, which explain how the network works and what members can expect from it and from each other:
{terms_of_reference_link}

Once they have chosen their password, your points of contact log in to the Online Hub here:
{hub_link}

If you would like an account on the Hub too, or if a point of contact should be added or replaced, simply reply to this email.

With best wishes,
The {organisation_name} team"""

CONFIRMED_SUBJECT_FR = "{city} est désormais membre du {organisation_name} ({reference})"
CONFIRMED_BODY_FR = """Bonjour {contact_name},

Nous avons le plaisir de vous annoncer que {city} est désormais membre du {organisation_name}. Merci du temps que vous et vos collègues avez consacré à la candidature.

Chacun des contacts de votre ville a reçu un courriel personnel lui ouvrant un compte sur l'Online Hub, l'espace de notre site réservé aux membres, où les villes partagent leur expérience, leurs ressources et leurs actualités :
{points_of_contact}

Et maintenant : prenez le temps de lire notre mandat, qui explique le fonctionnement du réseau et ce que les membres peuvent en attendre, ainsi que les uns des autres :
{terms_of_reference_link}

Une fois leur mot de passe choisi, vos contacts se connectent à l'Online Hub ici :
{hub_link}

Si vous souhaitez vous aussi un compte sur le Hub, ou si un contact doit être ajouté ou remplacé, il vous suffit de répondre à ce courriel.

Bien cordialement,
L'équipe du {organisation_name}"""

CONFIRMED_SUBJECT_AR = "أصبحت {city} عضوًا في {organisation_name} ({reference})"
CONFIRMED_BODY_AR = """حضرة {contact_name} المحترم/ة،

يسعدنا أن نبلغكم بأن {city} أصبحت عضوًا في {organisation_name}. نشكركم وزملاءكم على الوقت الذي خصّصتموه للطلب.

تلقّت كل جهة من جهات الاتصال في مدينتكم رسالة خاصة بها، مع حساب في المنصة الإلكترونية، وهي الجزء المخصّص للأعضاء في موقعنا، حيث تتبادل المدن خبراتها ومواردها وأخبارها:
{points_of_contact}

الخطوة التالية: يُرجى الاطلاع على إطارنا المرجعي، الذي يشرح كيف تعمل الشبكة، وما يمكن للأعضاء أن ينتظروه منها ومن بعضهم بعضًا:
{terms_of_reference_link}

بعد أن تختار جهات الاتصال كلمات المرور الخاصة بها، يمكنها تسجيل الدخول إلى المنصة الإلكترونية من هنا:
{hub_link}

إن رغبتم أنتم أيضًا في حساب على المنصة، أو كان ينبغي إضافة جهة اتصال أو استبدالها، فيكفي أن تردّوا على هذه الرسالة.

مع أطيب التمنيات،
فريق {organisation_name}"""

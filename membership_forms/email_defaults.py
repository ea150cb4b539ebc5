"""The texts of the membership emails until staff edit them (Settings › Membership emails).
Each paragraph is one line, as it will be in the email."""

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

"""Follow-ups with consent: after a conversation the texter is asked once whether they want a
check-in later; an explicit YES schedules check-ins at humane local hours; every scheduled text
(check-ins and meeting reminders alike) is checked again when it is due."""

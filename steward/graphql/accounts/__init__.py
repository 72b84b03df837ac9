"""Portal accounts in the API: sign up, confirm the email, sign in and out, reset the password, the viewer."""

"""E-mail: messages written with the change that causes them, sent by a background job."""

-- a sanitize script with a typo in the middle: the restore must fail and leave nothing behind
UPDATE auth_user SET first_name = 'x';
UPDATE auth_user SET no_such_column = 'y';

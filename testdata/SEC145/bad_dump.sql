-- MySQL dump
INSERT INTO `users` VALUES (1,'admin@shop.internal','$2y$10$BBCs1R.7uHOy1FK7igAv7sTxBxvNgQzLDBvSTb5AoyRwwXSSlZVfB');  -- expect: SEC145
INSERT INTO `settings` VALUES ('password_min_length', '12');

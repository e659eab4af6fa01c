-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
--
-- Host: localhost    Database: shop
-- ------------------------------------------------------

DROP TABLE IF EXISTS `users`;
CREATE TABLE `users` (
  `id` int NOT NULL AUTO_INCREMENT,
  `email` varchar(255) NOT NULL,
  `password` varchar(255) NOT NULL,
  `api_token` char(40) DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

LOCK TABLES `users` WRITE;
INSERT INTO `users` VALUES (1,'admin@shop.internal','$2y$10$0U6bpBvHxC6uufZgfP2Jh4Gvj26USaz7p8uCEhwYqwxFBMFKYihSk','8c41808af8e94a2dcd6db6d1d49fdf9892a28cce'),(2,'ops@shop.internal','$2y$10$olZrzIGVVRfvpVzYgjjuCMNgsCPtobfePKwd6uVgOI4cU9CYS1A3C',NULL);
INSERT INTO `users` VALUES (3,'sam@shop.internal','$argon2id$v=19$m=65536,t=4,p=1$+XZhJJjwd3R0wyCmDAMVt/$3qWZ2vgXEaEj4DVJH8QT4p2HHyWIVTsQeIJF8qjMeMZ',NULL);
UNLOCK TABLES;

INSERT INTO `settings` (`name`, `value`) VALUES ('password_min_length', '12'), ('session_ttl', '3600');

CREATE USER 'shop_app'@'%' IDENTIFIED BY 'Sh0pApp#2024';
GRANT SELECT, INSERT, UPDATE, DELETE ON shop.* TO 'shop_app'@'%';
CREATE USER 'report'@'10.%' IDENTIFIED WITH caching_sha2_password BY 'r3port-ro';
ALTER USER 'root'@'localhost' IDENTIFIED BY '';
CREATE ROLE readonly;

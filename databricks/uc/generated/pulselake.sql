-- Unity Catalog set-up of PulseLake, target prod (catalog pulselake).
-- Generated from databricks/uc/access.yml by `npx pulselake platform sql --target prod`; do not edit.
-- Needs the storage credential pulselake_lake first (`npx pulselake platform credential`).
-- Idempotent: every statement can run again and changes nothing the second time.

CREATE EXTERNAL LOCATION IF NOT EXISTS `pulselake_landing` URL 'abfss://landing@pulselakeprod.dfs.core.windows.net/' WITH (STORAGE CREDENTIAL `pulselake_lake`);
CREATE EXTERNAL LOCATION IF NOT EXISTS `pulselake_managed` URL 'abfss://managed@pulselakeprod.dfs.core.windows.net/' WITH (STORAGE CREDENTIAL `pulselake_lake`);
CREATE CATALOG IF NOT EXISTS `pulselake` MANAGED LOCATION 'abfss://managed@pulselakeprod.dfs.core.windows.net/pulselake';
CREATE SCHEMA IF NOT EXISTS `pulselake`.`bronze`;
CREATE SCHEMA IF NOT EXISTS `pulselake`.`silver`;
CREATE SCHEMA IF NOT EXISTS `pulselake`.`gold`;
CREATE SCHEMA IF NOT EXISTS `pulselake`.`ops`;
CREATE VOLUME IF NOT EXISTS `pulselake`.`ops`.`checkpoints`;
GRANT ALL PRIVILEGES ON CATALOG `pulselake` TO `pulselake-engineers`;
GRANT READ FILES ON EXTERNAL LOCATION `pulselake_landing` TO `pulselake-engineers`;
GRANT USE CATALOG ON CATALOG `pulselake` TO `pulselake-analysts`;
GRANT USE SCHEMA, SELECT ON SCHEMA `pulselake`.`gold` TO `pulselake-analysts`;
GRANT USE CATALOG, CREATE SCHEMA ON CATALOG `pulselake` TO `pulselake-jobs`;
GRANT READ FILES ON EXTERNAL LOCATION `pulselake_landing` TO `pulselake-jobs`;
GRANT USE SCHEMA, SELECT, MODIFY, CREATE TABLE ON SCHEMA `pulselake`.`bronze` TO `pulselake-jobs`;
GRANT USE SCHEMA, SELECT, MODIFY, CREATE TABLE ON SCHEMA `pulselake`.`silver` TO `pulselake-jobs`;
GRANT USE SCHEMA, SELECT, MODIFY, CREATE TABLE ON SCHEMA `pulselake`.`gold` TO `pulselake-jobs`;
GRANT USE SCHEMA ON SCHEMA `pulselake`.`ops` TO `pulselake-jobs`;
GRANT READ VOLUME, WRITE VOLUME ON VOLUME `pulselake`.`ops`.`checkpoints` TO `pulselake-jobs`;
GRANT USE CATALOG ON CATALOG `pulselake` TO `pulselake-function`;
GRANT USE SCHEMA, SELECT ON SCHEMA `pulselake`.`silver` TO `pulselake-function`;
GRANT USE SCHEMA, SELECT, MODIFY, CREATE TABLE ON SCHEMA `pulselake`.`gold` TO `pulselake-function`;
CREATE OR REPLACE FUNCTION `pulselake`.`ops`.`mask_string`(value STRING) RETURNS STRING RETURN CASE WHEN is_account_group_member('pulselake-engineers') OR is_account_group_member('pulselake-jobs') THEN value ELSE NULL END;
CREATE OR REPLACE FUNCTION `pulselake`.`ops`.`mask_date_dob`(value DATE) RETURNS DATE RETURN CASE WHEN is_account_group_member('pulselake-engineers') OR is_account_group_member('pulselake-jobs') OR is_account_group_member('pulselake-function') THEN value ELSE NULL END;
CREATE TABLE IF NOT EXISTS `pulselake`.`silver`.`user_profile_latest_change` (user_id BIGINT, update_type STRING, timestamp DOUBLE, dob DATE, sex STRING, gender STRING, first_name STRING, last_name STRING, street_address STRING, city STRING, state STRING, zip STRING, source_file STRING, file_modification_time TIMESTAMP) USING DELTA TBLPROPERTIES (delta.enableChangeDataFeed = true, delta.enableDeletionVectors = true);
ALTER TABLE `pulselake`.`silver`.`user_profile_latest_change` ALTER COLUMN `first_name` SET MASK `pulselake`.`ops`.`mask_string`;
ALTER TABLE `pulselake`.`silver`.`user_profile_latest_change` ALTER COLUMN `last_name` SET MASK `pulselake`.`ops`.`mask_string`;
ALTER TABLE `pulselake`.`silver`.`user_profile_latest_change` ALTER COLUMN `street_address` SET MASK `pulselake`.`ops`.`mask_string`;
ALTER TABLE `pulselake`.`silver`.`user_profile_latest_change` ALTER COLUMN `zip` SET MASK `pulselake`.`ops`.`mask_string`;
ALTER TABLE `pulselake`.`silver`.`user_profile_latest_change` ALTER COLUMN `dob` SET MASK `pulselake`.`ops`.`mask_date_dob`;
CREATE TABLE IF NOT EXISTS `pulselake`.`silver`.`user_profile` (user_id BIGINT, timestamp DOUBLE, dob DATE, sex STRING, gender STRING, first_name STRING, last_name STRING, street_address STRING, city STRING, state STRING, zip STRING) USING DELTA TBLPROPERTIES (delta.enableChangeDataFeed = true, delta.enableDeletionVectors = true);
ALTER TABLE `pulselake`.`silver`.`user_profile` ALTER COLUMN `first_name` SET MASK `pulselake`.`ops`.`mask_string`;
ALTER TABLE `pulselake`.`silver`.`user_profile` ALTER COLUMN `last_name` SET MASK `pulselake`.`ops`.`mask_string`;
ALTER TABLE `pulselake`.`silver`.`user_profile` ALTER COLUMN `street_address` SET MASK `pulselake`.`ops`.`mask_string`;
ALTER TABLE `pulselake`.`silver`.`user_profile` ALTER COLUMN `zip` SET MASK `pulselake`.`ops`.`mask_string`;
ALTER TABLE `pulselake`.`silver`.`user_profile` ALTER COLUMN `dob` SET MASK `pulselake`.`ops`.`mask_date_dob`;

-- Unity Catalog set-up of PulseLake, target dev (catalog pulselake_dev).
-- Generated from databricks/uc/access.yml by `npx pulselake platform sql --target dev`; do not edit.
-- Needs the storage credential pulselake_lake first (`npx pulselake platform credential`).
-- Idempotent: every statement can run again and changes nothing the second time.

CREATE EXTERNAL LOCATION IF NOT EXISTS `pulselake_dev_landing` URL 'abfss://landing@pulselakedev.dfs.core.windows.net/' WITH (STORAGE CREDENTIAL `pulselake_lake`);
CREATE EXTERNAL LOCATION IF NOT EXISTS `pulselake_dev_managed` URL 'abfss://managed@pulselakedev.dfs.core.windows.net/' WITH (STORAGE CREDENTIAL `pulselake_lake`);
CREATE CATALOG IF NOT EXISTS `pulselake_dev` MANAGED LOCATION 'abfss://managed@pulselakedev.dfs.core.windows.net/pulselake_dev';
CREATE SCHEMA IF NOT EXISTS `pulselake_dev`.`bronze`;
CREATE SCHEMA IF NOT EXISTS `pulselake_dev`.`silver`;
CREATE SCHEMA IF NOT EXISTS `pulselake_dev`.`gold`;
CREATE SCHEMA IF NOT EXISTS `pulselake_dev`.`ops`;
CREATE VOLUME IF NOT EXISTS `pulselake_dev`.`ops`.`checkpoints`;
GRANT ALL PRIVILEGES ON CATALOG `pulselake_dev` TO `pulselake-engineers`;
GRANT READ FILES ON EXTERNAL LOCATION `pulselake_dev_landing` TO `pulselake-engineers`;
GRANT USE CATALOG ON CATALOG `pulselake_dev` TO `pulselake-analysts`;
GRANT USE SCHEMA, SELECT ON SCHEMA `pulselake_dev`.`gold` TO `pulselake-analysts`;
GRANT USE CATALOG, CREATE SCHEMA ON CATALOG `pulselake_dev` TO `pulselake-jobs`;
GRANT READ FILES ON EXTERNAL LOCATION `pulselake_dev_landing` TO `pulselake-jobs`;
GRANT USE SCHEMA, SELECT, MODIFY, CREATE TABLE ON SCHEMA `pulselake_dev`.`bronze` TO `pulselake-jobs`;
GRANT USE SCHEMA, SELECT, MODIFY, CREATE TABLE ON SCHEMA `pulselake_dev`.`silver` TO `pulselake-jobs`;
GRANT USE SCHEMA, SELECT, MODIFY, CREATE TABLE ON SCHEMA `pulselake_dev`.`gold` TO `pulselake-jobs`;
GRANT USE SCHEMA ON SCHEMA `pulselake_dev`.`ops` TO `pulselake-jobs`;
GRANT READ VOLUME, WRITE VOLUME ON VOLUME `pulselake_dev`.`ops`.`checkpoints` TO `pulselake-jobs`;
GRANT USE CATALOG ON CATALOG `pulselake_dev` TO `pulselake-function`;
GRANT USE SCHEMA, SELECT ON SCHEMA `pulselake_dev`.`silver` TO `pulselake-function`;
GRANT USE SCHEMA, SELECT, MODIFY, CREATE TABLE ON SCHEMA `pulselake_dev`.`gold` TO `pulselake-function`;
CREATE OR REPLACE FUNCTION `pulselake_dev`.`ops`.`mask_string`(value STRING) RETURNS STRING RETURN CASE WHEN is_account_group_member('pulselake-engineers') OR is_account_group_member('pulselake-jobs') THEN value ELSE NULL END;
CREATE OR REPLACE FUNCTION `pulselake_dev`.`ops`.`mask_date_dob`(value DATE) RETURNS DATE RETURN CASE WHEN is_account_group_member('pulselake-engineers') OR is_account_group_member('pulselake-jobs') OR is_account_group_member('pulselake-function') THEN value ELSE NULL END;
CREATE TABLE IF NOT EXISTS `pulselake_dev`.`silver`.`user_profile_latest_change` (user_id BIGINT, update_type STRING, timestamp DOUBLE, dob DATE, sex STRING, gender STRING, first_name STRING, last_name STRING, street_address STRING, city STRING, state STRING, zip STRING, source_file STRING, file_modification_time TIMESTAMP) USING DELTA TBLPROPERTIES (delta.enableChangeDataFeed = true, delta.enableDeletionVectors = true);
ALTER TABLE `pulselake_dev`.`silver`.`user_profile_latest_change` ALTER COLUMN `first_name` SET MASK `pulselake_dev`.`ops`.`mask_string`;
ALTER TABLE `pulselake_dev`.`silver`.`user_profile_latest_change` ALTER COLUMN `last_name` SET MASK `pulselake_dev`.`ops`.`mask_string`;
ALTER TABLE `pulselake_dev`.`silver`.`user_profile_latest_change` ALTER COLUMN `street_address` SET MASK `pulselake_dev`.`ops`.`mask_string`;
ALTER TABLE `pulselake_dev`.`silver`.`user_profile_latest_change` ALTER COLUMN `zip` SET MASK `pulselake_dev`.`ops`.`mask_string`;
ALTER TABLE `pulselake_dev`.`silver`.`user_profile_latest_change` ALTER COLUMN `dob` SET MASK `pulselake_dev`.`ops`.`mask_date_dob`;
CREATE TABLE IF NOT EXISTS `pulselake_dev`.`silver`.`user_profile` (user_id BIGINT, timestamp DOUBLE, dob DATE, sex STRING, gender STRING, first_name STRING, last_name STRING, street_address STRING, city STRING, state STRING, zip STRING) USING DELTA TBLPROPERTIES (delta.enableChangeDataFeed = true, delta.enableDeletionVectors = true);
ALTER TABLE `pulselake_dev`.`silver`.`user_profile` ALTER COLUMN `first_name` SET MASK `pulselake_dev`.`ops`.`mask_string`;
ALTER TABLE `pulselake_dev`.`silver`.`user_profile` ALTER COLUMN `last_name` SET MASK `pulselake_dev`.`ops`.`mask_string`;
ALTER TABLE `pulselake_dev`.`silver`.`user_profile` ALTER COLUMN `street_address` SET MASK `pulselake_dev`.`ops`.`mask_string`;
ALTER TABLE `pulselake_dev`.`silver`.`user_profile` ALTER COLUMN `zip` SET MASK `pulselake_dev`.`ops`.`mask_string`;
ALTER TABLE `pulselake_dev`.`silver`.`user_profile` ALTER COLUMN `dob` SET MASK `pulselake_dev`.`ops`.`mask_date_dob`;

/**
 * 培训与持证: the certificates an enterprise's people hold (特种作业操作证, 特种设备作业人员证, 主要负责人 / 安全管理人员
 * 安全生产知识和管理能力考核合格证) with expiry reminders to the holder and the safety managers, and their training records
 * (三级安全教育 and others) with hours. Other modules ask {@link cn.shuangkong.training.Certificates#holds} whether a
 * person may take a role that needs a certificate (a welder for 动火, an electrician for 临时用电). Its API is this package:
 * {@link cn.shuangkong.training.Certificates}, {@link cn.shuangkong.training.TrainingRecords} and {@link
 * cn.shuangkong.training.ContractorHolders}; the reminders are in {@code internal}.
 */
package cn.shuangkong.training;

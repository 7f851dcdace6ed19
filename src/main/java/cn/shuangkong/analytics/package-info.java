/**
 * 统计分析: dashboards and overviews — read models only, built on the other modules' tables within a jurisdiction. No
 * other module uses it: everything is in {@code internal}.
 */
package cn.shuangkong.analytics;

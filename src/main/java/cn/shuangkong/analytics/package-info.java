/** 统计分析: dashboards and overviews — read models only, built on the other modules' tables within a jurisdiction. */
package cn.shuangkong.analytics;

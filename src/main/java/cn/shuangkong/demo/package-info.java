/** 演示数据: the demo city 靖江市, loaded once in the {@code demo} profile (the default run). */
package cn.shuangkong.demo;

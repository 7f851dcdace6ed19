/** 重大危险源与在线监测: GB 18218-2018 identification and grading; sensors and alarms come next. */
package cn.shuangkong.monitoring;

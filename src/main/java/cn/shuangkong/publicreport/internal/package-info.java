/**
 * The publicreport module's own services behind its pages and API. Other modules use the types in {@code cn.shuangkong.publicreport}.
 */
package cn.shuangkong.publicreport.internal;

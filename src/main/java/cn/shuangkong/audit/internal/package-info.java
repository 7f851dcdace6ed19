/**
 * The audit module's own services behind its pages and API. Other modules use the types in {@code cn.shuangkong.audit}.
 */
package cn.shuangkong.audit.internal;

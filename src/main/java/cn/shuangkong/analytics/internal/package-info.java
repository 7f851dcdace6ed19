/**
 * The analytics module's own services behind its pages and API. Other modules use the types in {@code cn.shuangkong.analytics}.
 */
package cn.shuangkong.analytics.internal;

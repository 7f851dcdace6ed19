/**
 * The webhooks module's own services behind its pages and API. Other modules use the types in {@code cn.shuangkong.webhooks}.
 */
package cn.shuangkong.webhooks.internal;

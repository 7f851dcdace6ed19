/**
 * The exchange module's own services behind its pages and API. Other modules use the types in {@code cn.shuangkong.exchange}.
 */
package cn.shuangkong.exchange.internal;

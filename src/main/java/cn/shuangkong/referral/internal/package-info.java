/**
 * The referral module's own services behind its pages and API. Other modules use the types in {@code cn.shuangkong.referral}.
 */
package cn.shuangkong.referral.internal;

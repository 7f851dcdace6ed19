/**
 * 承包商管理: the contractor companies of an enterprise with their 资质 and its expiry (reminded like certificates),
 * their people with certificates and entry training (kept by {@code training}) and the 入厂 safety briefing,
 * violations, the yearly evaluation and the contractor blacklist. Other modules ask {@link cn.shuangkong.contractor.Contractors}
 * whether a contractor or one of its people may be given new work, and who is on site on a day.
 */
package cn.shuangkong.contractor;

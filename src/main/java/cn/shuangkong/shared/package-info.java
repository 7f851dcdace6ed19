/** The small kernel every module may use: data scope, paging, problem details, state-change events, clock. No business rules. */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package cn.shuangkong.shared;

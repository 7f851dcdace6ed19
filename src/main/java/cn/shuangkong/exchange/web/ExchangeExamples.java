package cn.shuangkong.exchange.web;

/** Examples of the exchange format for the OpenAPI document (the fields themselves come from the model, see ExchangeModelSchemas). */
final class ExchangeExamples {

    private ExchangeExamples() { }

    static final String BATCH = """
            {
              "batchId": "city-320282-20261206-0001",
              "enterprises": [{"tyshxydm": "91321282MA1XYZ1234", "name": "江苏某化工有限公司", "regionCode": "321282100",
                               "industryCode": "C2614", "headcount": 120, "majorHazard": true, "hazardousChemicals": true}],
              "records": [
                {"entity": "object", "data": {"id": "0b7f3c9e-2a41-4c1e-9a55-6d2f1c0e8a01", "companyCode": "MA1XYZ123",
                  "tyshxydm": "91321282MA1XYZ1234", "deleted": "0", "createBy": "zhangsan", "createDate": "2026-12-06 08:00:00",
                  "updateBy": "zhangsan", "updateDate": "2026-12-06 08:00:00", "hazardCode": "FXD-001",
                  "riskAnalysisObjectName": "甲类储罐区", "riskAnalysisObjectType": "场所区域", "riskClass": "1"}},
                {"entity": "hazard", "data": {"id": "5d0c2b7a-8e14-4f3a-b1c2-9e7d6a5b4c03", "companyCode": "MA1XYZ123",
                  "tyshxydm": "91321282MA1XYZ1234", "deleted": "0", "createBy": "zhangsan", "createDate": "2026-12-06 08:10:00",
                  "updateBy": "zhangsan", "updateDate": "2026-12-06 08:10:00", "hazardCode": "FXD-001",
                  "dangerName": "储罐区可燃气体报警器失灵", "dangerLevel": "1", "registTime": "2026-12-06 08:10:00",
                  "registrant": "张三", "dangerSrc": "1", "dangerManageType": "1", "hazardDangerType": "8",
                  "dangerDesc": "T-105 罐根可燃气体报警器不报警", "hazardCategory": "0", "liablePerson": "李四",
                  "dangerManageDeadline": "2026-12-13 23:59:59", "dangerState": "0"}}
              ]
            }""";

    static final String ANSWER = """
            {
              "batchId": "city-320282-20261206-0001", "receivedAt": "2026-12-06T00:10:02Z", "accepted": 1, "rejected": 1, "waiting": 0,
              "results": [
                {"id": "0b7f3c9e-2a41-4c1e-9a55-6d2f1c0e8a01", "entity": "object", "status": "ACCEPTED", "message": "已接收", "errors": {}},
                {"id": "5d0c2b7a-8e14-4f3a-b1c2-9e7d6a5b4c03", "entity": "hazard", "status": "REJECTED", "message": "第 2 条记录不符合数据规范",
                 "errors": {"liablePerson": "「整改责任人」（liablePerson）不能为空"}}
              ]
            }""";

    static final String MALFORMED = """
            {"type": "https://shuangkong.cn/problems/400", "title": "请求有误", "status": 400,
             "detail": "「批次号」（batchId）不能为空，且只能由字母、数字、-、_ 组成（最多64个）",
             "instance": "/api/v1/exchange/inbound/batches",
             "errors": {"batchId": "「批次号」（batchId）不能为空，且只能由字母、数字、-、_ 组成（最多64个）"}}""";
}

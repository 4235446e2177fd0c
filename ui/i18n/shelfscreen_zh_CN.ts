<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AttractLoop</name>
    <message>
        <source>Pick up a product to see its price, origin and reviews</source>
        <translation>拿起商品，查看价格、产地和评价</translation>
    </message>
</context>
<context>
    <name>AttractProducts</name>
    <message>
        <source>Products are on their way</source>
        <translation>商品信息即将呈现</translation>
    </message>
    <message>
        <source>Connecting to the store…</source>
        <translation>正在连接门店…</translation>
    </message>
</context>
<context>
    <name>CameraDebugView</name>
    <message>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <source>Camera is down</source>
        <translation>摄像头离线</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Shelf display</source>
        <translation>货架屏</translation>
    </message>
</context>
<context>
    <name>IdentifyBanner</name>
    <message>
        <source>Shelf</source>
        <translation>货架</translation>
    </message>
</context>
<context>
    <name>SetupProblems</name>
    <message>
        <source>This shelf cannot start: its configuration has a problem</source>
        <translation>货架无法启动：配置文件有问题</translation>
    </message>
    <message>
        <source>Fix the file and save it: the shelf starts by itself.</source>
        <translation>修正并保存该文件后，货架会自动启动。</translation>
    </message>
</context>
<context>
    <name>ThankYou</name>
    <message>
        <source>Thank you! Enjoy your choice.</source>
        <translation>谢谢惠顾！祝您享用愉快。</translation>
    </message>
</context>
<context>
    <name>UnitPrice</name>
    <message>
        <source>Best value</source>
        <translation>更划算</translation>
    </message>
</context>
<context>
    <name>shelf::ShelfView</name>
    <message>
        <source>Connecting to the store server</source>
        <translation>正在连接门店服务器</translation>
    </message>
    <message>
        <source>Store server offline since %1</source>
        <translation>门店服务器自%1起离线</translation>
    </message>
    <message>
        <source>Cannot save to disk</source>
        <translation>无法写入磁盘</translation>
    </message>
    <message>
        <source>Not known to the store: %1</source>
        <translation>门店系统中没有此商品：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n more</source>
        <translation>
            <numerusform>另外%n个</numerusform>
        </translation>
    </message>
    <message>
        <source>Shelf config not applied: %1</source>
        <translation>货架配置未生效：%1</translation>
    </message>
    <message>
        <source>Updating prices from the store server</source>
        <translation>正在从门店服务器更新价格</translation>
    </message>
    <message>
        <source>Camera offline</source>
        <translation>摄像头离线</translation>
    </message>
    <message>
        <source>Scale offline</source>
        <translation>货架秤离线</translation>
    </message>
</context>
<context>
    <name>shelf::ProductCardView</name>
    <message>
        <source>per kg</source>
        <translation>/千克</translation>
    </message>
    <message>
        <source>per 100 g</source>
        <translation>/100克</translation>
    </message>
    <message>
        <source>per litre</source>
        <translation>/升</translation>
    </message>
    <message>
        <source>per 100 ml</source>
        <translation>/100毫升</translation>
    </message>
    <message>
        <source>each</source>
        <translation>/件</translation>
    </message>
    <message>
        <source>Let us find this product for you</source>
        <translation>我们正在为您查找这件商品</translation>
    </message>
    <message>
        <source>organic</source>
        <translation>有机</translation>
    </message>
    <message>
        <source>imported</source>
        <translation>进口</translation>
    </message>
    <message>
        <source>chilled</source>
        <translation>冷藏</translation>
    </message>
    <message>
        <source>frozen</source>
        <translation>冷冻</translation>
    </message>
    <message>
        <source>local</source>
        <translation>本地</translation>
    </message>
    <message>
        <source>seasonal</source>
        <translation>当季</translation>
    </message>
    <message>
        <source>%1 per 500 g</source>
        <translation>%1/500克</translation>
    </message>
    <message>
        <source>%1 per kg</source>
        <translation>%1/千克</translation>
    </message>
    <message>
        <source>%1 per 100 ml</source>
        <translation>%1/100毫升</translation>
    </message>
    <message>
        <source>Price being updated</source>
        <translation>价格更新中</translation>
    </message>
    <message>
        <source>Save %1</source>
        <translation>立省%1</translation>
    </message>
    <message>
        <source>until %1</source>
        <translation>截至%1</translation>
    </message>
    <message numerus="yes">
        <source>harvested %n day(s) ago</source>
        <translation>
            <numerusform>%n天前采摘</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n review(s)</source>
        <translation>
            <numerusform>%n条评价</numerusform>
        </translation>
    </message>
</context>
</TS>

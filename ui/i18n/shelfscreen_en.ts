<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<!-- English needs a translation only for plural forms; every other text is its own source. -->
<context>
    <name>shelf::ProductCardView</name>
    <message numerus="yes">
        <source>harvested %n day(s) ago</source>
        <translation>
            <numerusform>harvested %n day ago</numerusform>
            <numerusform>harvested %n days ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n review(s)</source>
        <translation>
            <numerusform>%n review</numerusform>
            <numerusform>%n reviews</numerusform>
        </translation>
    </message>
</context>
</TS>

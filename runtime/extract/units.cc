#include "runtime/extract/units.h"

namespace rptc::rt::value_internal {
namespace {

constexpr UnitDef kMoneyPrefixes[] = {
    {"US$", "USD", 1}, {"US $", "USD", 1}, {"U.S.$", "USD", 1}, {"U.S. $", "USD", 1},
    {"U.S $", "USD", 1}, {"USD$", "USD", 1}, {"USD", "USD", 1}, {"$", "USD", 1},
    {"RMB", "CNY", 1}, {"CNY", "CNY", 1}, {"¥", "CNY", 1}, {"人民币", "CNY", 1},
    {"人民幣", "CNY", 1},
};

constexpr UnitDef kMoneySuffixes[] = {
    {"元人民币", "CNY", 1}, {"元人民幣", "CNY", 1}, {"人民币", "CNY", 1}, {"人民幣", "CNY", 1},
    {"元", "CNY", 1}, {"圆", "CNY", 1}, {"圓", "CNY", 1}, {"块", "CNY", 1}, {"塊", "CNY", 1},
    {"美元", "USD", 1}, {"美圆", "USD", 1}, {"美圓", "USD", 1}, {"美金", "USD", 1},
    {"Chinese yuan", "CNY", 1}, {"yuan", "CNY", 1}, {"renminbi", "CNY", 1}, {"RMB", "CNY", 1},
    {"CNY", "CNY", 1},
    {"US dollars", "USD", 1}, {"US dollar", "USD", 1}, {"U.S. dollars", "USD", 1},
    {"U.S. dollar", "USD", 1}, {"U.S dollars", "USD", 1}, {"American dollars", "USD", 1},
    {"dollars", "USD", 1}, {"dollar", "USD", 1}, {"USD", "USD", 1}, {"US$", "USD", 1},
    {"US $", "USD", 1}, {"U.S.$", "USD", 1}, {"USD$", "USD", 1}, {"$", "USD", 1},
};

constexpr UnitDef kPercentPrefixes[] = {
    {"百分之", "%", 1}, {"佰分之", "%", 1}, {"千分之", "%", 0.1}, {"仟分之", "%", 0.1},
    {"万分之", "%", 0.01}, {"萬分之", "%", 0.01},
    {"percents of", "%", 1}, {"percent of", "%", 1}, {"per cent of", "%", 1},
    {"percentage of", "%", 1}, {"pct of", "%", 1},
};

constexpr UnitDef kPercentSuffixes[] = {
    {"%", "%", 1}, {"‰", "%", 0.1}, {"‱", "%", 0.01}, {"percents", "%", 1},
    {"percent", "%", 1}, {"per cent", "%", 1}, {"percentage", "%", 1}, {"pct", "%", 1},
};

constexpr UnitDef kPointsSuffixes[] = {
    {"个百分点", "pp", 1}, {"個百分點", "pp", 1}, {"个百分點", "pp", 1}, {"百分点", "pp", 1},
    {"百分點", "pp", 1}, {"percentage points", "pp", 1}, {"percentage point", "pp", 1},
    {"percent points", "pp", 1}, {"points", "pp", 1}, {"point", "pp", 1}, {"pp", "pp", 1},
};

constexpr UnitDef kCountSuffixes[] = {
    // people
    {"人次", "person-times", 1}, {"人", "people", 1}, {"名", "people", 1},
    {"people", "people", 1}, {"persons", "people", 1}, {"person", "people", 1},
    {"jobs", "people", 1}, {"job", "people", 1}, {"residents", "people", 1},
    {"person-times", "person-times", 1},
    // households, enterprises
    {"户", "households", 1}, {"戶", "households", 1}, {"households", "households", 1},
    {"household", "households", 1},
    {"家", "enterprises", 1}, {"enterprises", "enterprises", 1},
    {"enterprise", "enterprises", 1}, {"companies", "enterprises", 1},
    {"company", "enterprises", 1}, {"firms", "enterprises", 1},
    // energy and power (千瓦时 before 千瓦)
    {"千瓦时", "kWh", 1}, {"千瓦時", "kWh", 1}, {"度", "kWh", 1},
    {"kilowatt-hours", "kWh", 1}, {"kilowatt hours", "kWh", 1}, {"kWh", "kWh", 1},
    {"千瓦", "kW", 1}, {"兆瓦", "kW", 1e3}, {"吉瓦", "kW", 1e6}, {"kilowatts", "kW", 1},
    {"kW", "kW", 1}, {"megawatts", "kW", 1e3}, {"MW", "kW", 1e3},
    // mass: tonnes (斤 is half a kilogram)
    {"公吨", "tonnes", 1}, {"吨", "tonnes", 1}, {"噸", "tonnes", 1}, {"公斤", "tonnes", 1e-3},
    {"千克", "tonnes", 1e-3}, {"斤", "tonnes", 5e-4}, {"metric tons", "tonnes", 1},
    {"metric tonnes", "tonnes", 1}, {"tonnes", "tonnes", 1}, {"tonne", "tonnes", 1},
    {"tons", "tonnes", 1}, {"ton", "tonnes", 1}, {"kilograms", "tonnes", 1e-3},
    {"kg", "tonnes", 1e-3}, {"jin", "tonnes", 5e-4}, {"catties", "tonnes", 5e-4},
    // area, length, volume (平方米 and 立方米 before 米)
    {"亩", "mu", 1}, {"畝", "mu", 1}, {"mu", "mu", 1}, {"公顷", "hectares", 1},
    {"公頃", "hectares", 1}, {"hectares", "hectares", 1}, {"hectare", "hectares", 1},
    {"平方公里", "km2", 1}, {"平方千米", "km2", 1}, {"square kilometers", "km2", 1},
    {"square kilometres", "km2", 1}, {"km2", "km2", 1}, {"平方米", "m2", 1},
    {"square meters", "m2", 1}, {"square metres", "m2", 1}, {"m2", "m2", 1},
    {"立方米", "m3", 1}, {"cubic meters", "m3", 1}, {"cubic metres", "m3", 1},
    {"公里", "km", 1}, {"千米", "km", 1}, {"kilometers", "km", 1}, {"kilometres", "km", 1},
    {"km", "km", 1}, {"米", "m", 1},
    // containers, events, and things counted one by one
    {"标箱", "TEU", 1}, {"標箱", "TEU", 1}, {"TEUs", "TEU", 1}, {"TEU", "TEU", 1},
    {"次", "times", 1}, {"times", "times", 1},
    {"个", "items", 1}, {"個", "items", 1}, {"项", "items", 1}, {"項", "items", 1},
    {"件", "items", 1}, {"处", "items", 1}, {"處", "items", 1}, {"座", "items", 1},
    {"条", "items", 1}, {"條", "items", 1}, {"台", "items", 1}, {"辆", "items", 1},
    {"套", "items", 1}, {"所", "items", 1}, {"批", "items", 1}, {"张", "items", 1},
    {"栋", "items", 1}, {"projects", "items", 1}, {"project", "items", 1},
    {"items", "items", 1},
};

constexpr UnitDef kMagnitudeWords[] = {
    {"thousand", "", 1e3}, {"million", "", 1e6}, {"billion", "", 1e9}, {"trillion", "", 1e12},
};

}  // namespace

std::span<const UnitDef> MoneyPrefixes() { return kMoneyPrefixes; }
std::span<const UnitDef> MoneySuffixes() { return kMoneySuffixes; }
std::span<const UnitDef> PercentPrefixes() { return kPercentPrefixes; }
std::span<const UnitDef> PercentSuffixes() { return kPercentSuffixes; }
std::span<const UnitDef> PointsSuffixes() { return kPointsSuffixes; }
std::span<const UnitDef> CountSuffixes() { return kCountSuffixes; }
std::span<const UnitDef> MagnitudeWords() { return kMagnitudeWords; }

const UnitDef* MatchUnit(Cursor& c, std::span<const UnitDef> table) {
  for (const UnitDef& u : table) {
    if (c.Match(u.phrase)) return &u;
  }
  return nullptr;
}

}  // namespace rptc::rt::value_internal

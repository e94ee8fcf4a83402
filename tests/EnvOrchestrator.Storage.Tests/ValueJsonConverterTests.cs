using System.Collections.Immutable;
using EnvOrchestrator.Core.Values;

namespace EnvOrchestrator.Storage.Tests;

public sealed class ValueJsonConverterTests
{
    [Fact]
    public void Serialize_SensitiveAndUnknown_WritesKindFlagAndExpectedType()
    {
        var json = StorageJson.Serialize<Value>(new ListValue([Value.Of("s").AsSensitive(), new UnknownValue(ValueKind.Number)]));

        Assert.Equal("{\"t\":\"list\",\"v\":[{\"t\":\"string\",\"v\":\"s\",\"s\":true},{\"t\":\"unknown\",\"of\":\"number\"}]}", json);
    }

    [Fact]
    public void Deserialize_EveryKind_RoundTripsExactly()
    {
        var values = TestData.EveryKind();

        var back = StorageJson.Deserialize<Dictionary<string, Value>>(StorageJson.Serialize(values));

        TestData.AssertSame(values, back.ToImmutableSortedDictionary(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("0.10")]
    [InlineData("-79228162514264337593543950335")]
    [InlineData("1E-28")]
    public void Deserialize_Numbers_KeepDecimalValue(string text)
    {
        var number = decimal.Parse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);

        var back = StorageJson.Deserialize<Value>(StorageJson.Serialize<Value>(Value.Of(number)));

        Assert.Equal(number, Assert.IsType<NumberValue>(back).Value);
    }

    [Fact]
    public void Deserialize_UnknownKind_Throws()
    {
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => StorageJson.Deserialize<Value>("{\"t\":\"date\",\"v\":1}"));
    }
}

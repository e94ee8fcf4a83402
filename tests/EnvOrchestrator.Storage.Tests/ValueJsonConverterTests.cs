using System.Collections.Immutable;
using System.Text.Json;
using EnvOrchestrator.Core.Secrets;
using EnvOrchestrator.Core.Values;

namespace EnvOrchestrator.Storage.Tests;

public sealed class ValueJsonConverterTests
{
    private readonly InMemorySecretProtector _protector = new();

    private JsonSerializerOptions Protected => StorageJson.Create(_protector);

    [Fact]
    public void Serialize_Unknown_WritesKindAndExpectedType()
    {
        var json = StorageJson.Serialize<Value>(new ListValue([Value.Of("s"), new UnknownValue(ValueKind.Number)]));

        Assert.Equal("{\"t\":\"list\",\"v\":[{\"t\":\"string\",\"v\":\"s\"},{\"t\":\"unknown\",\"of\":\"number\"}]}", json);
    }

    [Fact]
    public void Serialize_SensitiveItem_WritesOnlyProtectedMarker()
    {
        var json = StorageJson.Serialize<Value>(new ListValue([Value.Of("planted-9f3e").AsSensitive(), Value.Of("plain")]), Protected);

        using var document = JsonDocument.Parse(json);
        var item = document.RootElement.GetProperty("v")[0];
        Assert.Equal(ValueJsonConverter.ProtectedProperty, Assert.Single(item.EnumerateObject()).Name);
        Assert.DoesNotContain("planted-9f3e", json, StringComparison.Ordinal);
        Assert.Contains("plain", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_SensitiveWithoutProtector_ThrowsInsteadOfWritingClearText()
    {
        Assert.Throws<JsonException>(() => StorageJson.Serialize<Value>(Value.Of("planted").AsSensitive()));
    }

    [Fact]
    public void Deserialize_EveryKind_RoundTripsExactly()
    {
        var values = TestData.EveryKind();

        var back = StorageJson.Deserialize<Dictionary<string, Value>>(StorageJson.Serialize(values, Protected), Protected);

        TestData.AssertSame(values, back.ToImmutableSortedDictionary(StringComparer.Ordinal));
    }

    [Fact]
    public void Deserialize_ClearSensitiveValueWrittenBeforeProtection_ReadsAsSensitive()
    {
        const string Legacy = "{\"t\":\"map\",\"v\":{\"k\":{\"t\":\"string\",\"v\":\"old\",\"s\":true}},\"s\":true}";

        var back = StorageJson.Deserialize<Value>(Legacy, Protected);

        var map = Assert.IsType<MapValue>(back);
        Assert.True(map.IsSensitive);
        Assert.Equal(Value.Of("old").AsSensitive(), map.Entries["k"]);
    }

    [Fact]
    public void Deserialize_ProtectedByAnotherProtector_ThrowsSecretUnprotect()
    {
        var json = StorageJson.Serialize<Value>(Value.Of("x").AsSensitive(), StorageJson.Create(new InMemorySecretProtector()));

        Assert.Throws<SecretUnprotectException>(() => StorageJson.Deserialize<Value>(json, Protected));
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

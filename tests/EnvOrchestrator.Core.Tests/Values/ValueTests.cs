using System.Collections.Immutable;
using EnvOrchestrator.Core.Values;

namespace EnvOrchestrator.Core.Tests.Values;

public sealed class ValueTests
{
    [Fact]
    public void Equals_ListsWithSameItems_AreEqual()
    {
        Assert.Equal(new ListValue([Value.Of("a"), Value.Of(1m)]), new ListValue([Value.Of("a"), Value.Of(1m)]));
    }

    [Fact]
    public void Equals_MapsDifferingInSensitivity_AreNotEqual()
    {
        var entries = ImmutableSortedDictionary.Create<string, Value>(StringComparer.Ordinal).Add("k", Value.Of("v"));

        Assert.NotEqual(new MapValue(entries), new MapValue(entries).AsSensitive());
    }

    [Fact]
    public void ContainsUnknown_UnknownDeepInMap_IsTrue()
    {
        var inner = new ListValue([Value.Of("a"), new UnknownValue(ValueKind.String)]);
        var map = new MapValue(ImmutableSortedDictionary.Create<string, Value>(StringComparer.Ordinal).Add("items", inner));

        Assert.True(map.ContainsUnknown);
    }

    [Theory]
    [InlineData(ValueKind.Map, ValueKind.Object, true)]
    [InlineData(ValueKind.Any, ValueKind.Number, true)]
    [InlineData(ValueKind.List, ValueKind.String, false)]
    [InlineData(ValueKind.Number, ValueKind.String, false)]
    public void IsAssignable_Kinds_FollowsContractRules(ValueKind source, ValueKind target, bool expected)
    {
        Assert.Equal(expected, ValueKindNames.IsAssignable(source, target));
    }

    [Fact]
    public void ToInterpolatedString_Number_UsesInvariantCulture()
    {
        Assert.Equal("1.5", Value.Of(1.5m).ToInterpolatedString());
    }
}

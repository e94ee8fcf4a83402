using System.Collections.Immutable;
using System.Globalization;

namespace EnvOrchestrator.Core.Values;

/// <summary>
/// A typed value: an input value, an output value or the result of an expression.
/// <see cref="IsSensitive"/> travels with the value so that secrets stay marked through interpolation.
/// </summary>
public abstract record Value
{
    public abstract ValueKind Kind { get; }

    public bool IsSensitive { get; init; }

    /// <summary>True when the value, or any part of it, is not known yet (for example an output of a resource not applied).</summary>
    public virtual bool ContainsUnknown => false;

    public static Value Null { get; } = new NullValue();

    public static StringValue Of(string value) => new(value);

    public static NumberValue Of(decimal value) => new(value);

    public static BoolValue Of(bool value) => new(value);

    public Value AsSensitive(bool sensitive = true) => sensitive == IsSensitive ? this : this with { IsSensitive = sensitive };

    /// <summary>The text a value becomes when interpolated into a string; null for values that cannot be interpolated.</summary>
    public virtual string? ToInterpolatedString() => null;
}

public sealed record StringValue(string Value) : Value
{
    public override ValueKind Kind => ValueKind.String;

    public override string? ToInterpolatedString() => Value;

    public override string ToString() => Value;
}

public sealed record NumberValue(decimal Value) : Value
{
    public override ValueKind Kind => ValueKind.Number;

    public override string? ToInterpolatedString() => Value.ToString(CultureInfo.InvariantCulture);

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

public sealed record BoolValue(bool Value) : Value
{
    public override ValueKind Kind => ValueKind.Bool;

    public override string? ToInterpolatedString() => Value ? "true" : "false";

    public override string ToString() => Value ? "true" : "false";
}

public sealed record NullValue : Value
{
    public override ValueKind Kind => ValueKind.Null;

    public override string? ToInterpolatedString() => string.Empty;

    public override string ToString() => "null";
}

/// <summary>A value not known until an upstream resource is applied. <see cref="ExpectedKind"/> is its type when known.</summary>
public sealed record UnknownValue(ValueKind ExpectedKind) : Value
{
    public override ValueKind Kind => ExpectedKind;

    public override bool ContainsUnknown => true;

    public override string ToString() => "(known after apply)";
}

public sealed record ListValue(ImmutableArray<Value> Items) : Value
{
    public override ValueKind Kind => ValueKind.List;

    public override bool ContainsUnknown => Items.Any(i => i.ContainsUnknown);

    // Records compare ImmutableArray by reference; values compare by content.
    public bool Equals(ListValue? other) =>
        other is not null && IsSensitive == other.IsSensitive && Items.SequenceEqual(other.Items);

    public override int GetHashCode() => HashCode.Combine(Items.Length, IsSensitive);

    public override string ToString() => "[" + string.Join(", ", Items) + "]";
}

public sealed record MapValue(ImmutableSortedDictionary<string, Value> Entries) : Value
{
    public static MapValue Empty { get; } = new(ImmutableSortedDictionary.Create<string, Value>(StringComparer.Ordinal));

    public override ValueKind Kind => ValueKind.Map;

    public override bool ContainsUnknown => Entries.Values.Any(v => v.ContainsUnknown);

    public bool Equals(MapValue? other) =>
        other is not null && IsSensitive == other.IsSensitive && Entries.Count == other.Entries.Count
        && Entries.All(e => other.Entries.TryGetValue(e.Key, out var v) && e.Value.Equals(v));

    public override int GetHashCode() => HashCode.Combine(Entries.Count, IsSensitive);

    public override string ToString() => "{" + string.Join(", ", Entries.Select(e => $"{e.Key}: {e.Value}")) + "}";
}

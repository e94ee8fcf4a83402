namespace EnvOrchestrator.Core.Values;

/// <summary>The names used for <see cref="ValueKind"/> in template files and messages.</summary>
public static class ValueKindNames
{
    public static string ToName(ValueKind kind) => kind switch
    {
        ValueKind.String => "string",
        ValueKind.Number => "number",
        ValueKind.Bool => "bool",
        ValueKind.List => "list",
        ValueKind.Map => "map",
        ValueKind.Object => "object",
        ValueKind.Null => "null",
        _ => "any",
    };

    public static ValueKind? Parse(string name) => name switch
    {
        "string" => ValueKind.String,
        "number" => ValueKind.Number,
        "bool" => ValueKind.Bool,
        "list" => ValueKind.List,
        "map" => ValueKind.Map,
        "object" => ValueKind.Object,
        "any" => ValueKind.Any,
        _ => null,
    };

    /// <summary>
    /// Whether a value of <paramref name="source"/> type may feed a slot of <paramref name="target"/> type.
    /// Maps and objects are both string-keyed dictionaries at run time, so they are interchangeable.
    /// </summary>
    public static bool IsAssignable(ValueKind source, ValueKind target)
    {
        if (source == target || source == ValueKind.Any || target == ValueKind.Any)
        {
            return true;
        }

        return (source, target) is (ValueKind.Map, ValueKind.Object) or (ValueKind.Object, ValueKind.Map);
    }
}

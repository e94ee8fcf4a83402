namespace EnvOrchestrator.Core.Values;

/// <summary>Checks whether a concrete value has a declared type.</summary>
public static class ValueConformance
{
    public static bool Conforms(Value value, ValueKind declared) => value switch
    {
        UnknownValue u => ValueKindNames.IsAssignable(u.ExpectedKind, declared),
        NullValue => true,
        MapValue => declared is ValueKind.Map or ValueKind.Object or ValueKind.Any,
        _ => declared == ValueKind.Any || value.Kind == declared,
    };
}

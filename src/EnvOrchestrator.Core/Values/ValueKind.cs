namespace EnvOrchestrator.Core.Values;

/// <summary>The type of an input, an output or a value. <see cref="Any"/> is only used where a type cannot be known statically.</summary>
// The members are the type names of the file format (string, object...), which is the point of this enum.
#pragma warning disable CA1720
public enum ValueKind
{
    String,
    Number,
    Bool,
    List,
    Map,
    Object,
    Null,
    Any,
}
#pragma warning restore CA1720

namespace EnvOrchestrator.Hosting.Composition;

/// <summary>
/// The service cannot start for a reason its operator must fix (a catalog with errors, a missing catalog folder):
/// the program prints the message alone and exits non-zero, instead of a stack trace and an abort.
/// </summary>
public sealed class StartupFailedException(string message) : Exception(message);

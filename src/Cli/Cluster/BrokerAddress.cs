using System.Net.Sockets;

namespace Cli.Cluster;

/// <summary>
/// Where the RabbitMQ broker is and how to log in: from <c>--broker amqp://user:password@host:port/vhost</c>, else
/// the <c>ALS_BROKER_URI</c> environment variable, else a file holding that URI (<c>--broker-file</c> or
/// <c>ALS_BROKER_FILE</c>; on Kubernetes a mounted Secret). Nothing in the repository carries a password.
/// </summary>
/// <param name="Host">Host name.</param>
/// <param name="Port">AMQP port.</param>
/// <param name="VirtualHost">Virtual host.</param>
/// <param name="User">User name.</param>
/// <param name="Password">Password.</param>
internal sealed record BrokerAddress(string Host, int Port, string VirtualHost, string User, string Password)
{
    /// <summary>The default AMQP port.</summary>
    public const int DefaultPort = 5672;

    /// <summary>Environment variable with the broker URI.</summary>
    public const string UriVariable = "ALS_BROKER_URI";

    /// <summary>Environment variable naming a file with the broker URI.</summary>
    public const string FileVariable = "ALS_BROKER_FILE";

    /// <summary>The address from the first source that gives one.</summary>
    /// <exception cref="ArgumentException">No source gives an address, or it is not an amqp:// URI with user and password (the message says which source).</exception>
    public static BrokerAddress Resolve(string? uri, string? file)
    {
        if (!string.IsNullOrWhiteSpace(uri)) return Parse(uri, "--broker");
        if (Environment.GetEnvironmentVariable(UriVariable) is { Length: > 0 } fromEnvironment) return Parse(fromEnvironment, UriVariable);
        file ??= Environment.GetEnvironmentVariable(FileVariable);
        if (!string.IsNullOrWhiteSpace(file))
        {
            if (!File.Exists(file)) throw new ArgumentException($"The broker file {file} does not exist.");
            return Parse(File.ReadAllText(file).Trim(), file);
        }
        throw new ArgumentException($"No broker given: use --broker amqp://user:password@host:5672/, set {UriVariable}, or point --broker-file (or {FileVariable}) at a file holding the URI.");
    }

    /// <summary>Parses an amqp:// URI.</summary>
    public static BrokerAddress Parse(string text, string source)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("amqp" or "rabbitmq"))
            throw new ArgumentException($"{source}: '{Redacted(text)}' is not an amqp://user:password@host:port/vhost URI.");
        string[] credentials = Uri.UnescapeDataString(uri.UserInfo).Split(':', 2);
        if (credentials.Length != 2 || credentials[0].Length == 0)
            throw new ArgumentException($"{source}: the broker URI has no user and password (amqp://user:password@host/).");
        string vhost = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        return new BrokerAddress(uri.Host, uri.IsDefaultPort || uri.Port < 0 ? DefaultPort : uri.Port, vhost.Length == 0 ? "/" : vhost, credentials[0], credentials[1]);
    }

    /// <summary>Whether a TCP connection to the broker opens within <paramref name="timeout"/>.</summary>
    public async Task<bool> IsReachableAsync(TimeSpan timeout)
    {
        using var client = new TcpClient();
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await client.ConnectAsync(Host, Port, cancellation.Token);
            return true;
        }
        catch (Exception error) when (error is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>The full URI, password included: for a child process's environment, never for output.</summary>
    public string ToUri() =>
        $"amqp://{Uri.EscapeDataString(User)}:{Uri.EscapeDataString(Password)}@{Host}:{Port}/{(VirtualHost == "/" ? "" : Uri.EscapeDataString(VirtualHost))}";

    /// <summary>The address for messages: the password left out.</summary>
    public override string ToString() => $"amqp://{User}@{Host}:{Port}/{(VirtualHost == "/" ? "" : VirtualHost)}";

    private static string Redacted(string text) => Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) && uri.UserInfo.Length > 0
        ? text.Replace(uri.UserInfo, "…", StringComparison.Ordinal) : text;
}

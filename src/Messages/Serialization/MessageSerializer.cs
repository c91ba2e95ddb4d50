using System.Collections.Frozen;
using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Serialization;

namespace Messages.Serialization;

/// <summary>
/// Writes and reads the messages of this assembly as UTF-8 JSON with a short string manifest per type. The manifest
/// table is fixed here: a manifest read from the network selects one of these types or the payload is refused, so no
/// type name from the wire is ever resolved. Bound to <see cref="IAlsMessage"/> in serialization-bindings.
/// </summary>
/// <remarks>Doubles are written in their shortest round-trip form, so sums and losses cross the network bit for bit.</remarks>
public sealed class MessageSerializer : SerializerWithStringManifest
{
    /// <summary>This serializer's id in Akka's registry (ids below 100 are Akka's own).</summary>
    public const int SerializerId = 4_711;

    /// <summary>The name it is registered under in the actor system's configuration.</summary>
    public const string Name = "als-messages";

    /// <summary>Manifest → type: every message that may cross the network, and nothing else.</summary>
    private static readonly FrozenDictionary<string, Type> Types = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        ["solve"] = typeof(SolveBlock),
        ["evaluate"] = typeof(EvaluateBlock),
        ["solved"] = typeof(BlockSolved),
        ["evaluated"] = typeof(BlockEvaluated),
        ["failed"] = typeof(BlockFailed),
        ["iteration"] = typeof(IterationCompleted),
        ["status"] = typeof(RunStatus),
        ["finished"] = typeof(RunFinished),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<Type, string> Manifests = Types.ToFrozenDictionary(pair => pair.Value, pair => pair.Key);

    private static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,   // a NaN loss must travel as NaN, not fail
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Created by the actor system.</summary>
    public MessageSerializer(ExtendedActorSystem system) : base(system)
    {
    }

    /// <inheritdoc/>
    public override int Identifier => SerializerId;

    /// <summary>The manifests this serializer reads, in order.</summary>
    public static IReadOnlyList<string> KnownManifests => [.. Types.Keys.Order(StringComparer.Ordinal)];

    /// <inheritdoc/>
    /// <exception cref="SerializationException">The object is not one of the messages in the table.</exception>
    public override string Manifest(object o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return Manifests.TryGetValue(o.GetType(), out string? manifest) ? manifest
            : throw new SerializationException($"{o.GetType().FullName} is not a message of the Messages table; it cannot be sent between nodes.");
    }

    /// <inheritdoc/>
    public override byte[] ToBinary(object obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        _ = Manifest(obj);
        return JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Json);
    }

    /// <inheritdoc/>
    /// <exception cref="SerializationException">The manifest is not in the table, or the payload is not that message.</exception>
    public override object FromBinary(byte[] bytes, string manifest)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (manifest is null || !Types.TryGetValue(manifest, out Type? type))
            throw new SerializationException($"Refused a payload with manifest '{manifest}': it names no message of the Messages table ({string.Join(", ", KnownManifests)}).");
        try
        {
            return JsonSerializer.Deserialize(bytes, type, Json)
                ?? throw new SerializationException($"A '{manifest}' payload of {bytes.Length} bytes is JSON null.");
        }
        catch (JsonException error)
        {
            throw new SerializationException($"A '{manifest}' payload of {bytes.Length} bytes is not a valid {type.Name}: {error.Message}", error);
        }
    }
}

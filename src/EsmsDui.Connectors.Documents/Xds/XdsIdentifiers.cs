namespace EsmsDui.Connectors.Documents.Xds;

/// <summary>The fixed ids of XDS metadata in ebRIM (IHE ITI TF-3 §4.2.5), and the ebRIM namespaces.</summary>
public static class XdsIdentifiers
{
    /// <summary>ebRIM 3.0 namespace.</summary>
    public const string Rim = "urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0";

    /// <summary>ebXML life-cycle management namespace (SubmitObjectsRequest).</summary>
    public const string Lcm = "urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0";

    /// <summary>objectType of a stable DocumentEntry.</summary>
    public const string StableDocumentEntry = "urn:uuid:7edca82f-054d-47f2-a032-9b2a5b5186c1";

    /// <summary>Classification node marking a RegistryPackage as a SubmissionSet.</summary>
    public const string SubmissionSetNode = "urn:uuid:a54d6aa5-d40d-43f9-88c5-b4633d873bdd";

    /// <summary>HasMember association type.</summary>
    public const string HasMember = "urn:oasis:names:tc:ebxml-regrep:AssociationType:HasMember";

    /// <summary>The association of a document that replaces another (RPLC).</summary>
    public const string Replace = "urn:ihe:iti:2007:AssociationType:RPLC";

    /// <summary>Classification object type.</summary>
    public const string ClassificationType = "urn:oasis:names:tc:ebxml-regrep:ObjectType:RegistryObject:Classification";

    /// <summary>ExternalIdentifier object type.</summary>
    public const string ExternalIdentifierType = "urn:oasis:names:tc:ebxml-regrep:ObjectType:RegistryObject:ExternalIdentifier";

    /// <summary>Association object type.</summary>
    public const string AssociationType = "urn:oasis:names:tc:ebxml-regrep:ObjectType:RegistryObject:Association";

    /// <summary>RegistryPackage object type.</summary>
    public const string RegistryPackageType = "urn:oasis:names:tc:ebxml-regrep:ObjectType:RegistryObject:RegistryPackage";

    /// <summary>DocumentEntry classification schemes.</summary>
    public static class DocumentEntry
    {
        /// <summary>author.</summary>
        public const string Author = "urn:uuid:93606bcf-9494-43ec-9b4e-a7748d1a838d";

        /// <summary>classCode.</summary>
        public const string ClassCode = "urn:uuid:41a5887f-8865-4c09-adf7-e362475b143a";

        /// <summary>confidentialityCode.</summary>
        public const string ConfidentialityCode = "urn:uuid:f4f85eac-e6cb-4883-b524-f2705394840f";

        /// <summary>eventCodeList.</summary>
        public const string EventCode = "urn:uuid:2c6b8cb7-8b2a-4051-b291-b1ae6a575ef4";

        /// <summary>formatCode.</summary>
        public const string FormatCode = "urn:uuid:a09d5840-386c-46f2-b5ad-9c3699a4309d";

        /// <summary>healthcareFacilityTypeCode.</summary>
        public const string HealthcareFacilityTypeCode = "urn:uuid:f33fb8ac-18af-42cc-ae0e-ed0b0bdb91e1";

        /// <summary>practiceSettingCode.</summary>
        public const string PracticeSettingCode = "urn:uuid:cccf5598-8b07-4b77-a05e-ae952c785ead";

        /// <summary>typeCode.</summary>
        public const string TypeCode = "urn:uuid:f0306f51-975f-434e-a61c-c59651d33983";

        /// <summary>patientId external identifier.</summary>
        public const string PatientId = "urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427";

        /// <summary>uniqueId external identifier.</summary>
        public const string UniqueId = "urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab";
    }

    /// <summary>SubmissionSet classification schemes and external identifiers.</summary>
    public static class SubmissionSet
    {
        /// <summary>author.</summary>
        public const string Author = "urn:uuid:a7058bb9-b4e4-4307-ba5b-e3f0ab85e12d";

        /// <summary>contentTypeCode.</summary>
        public const string ContentTypeCode = "urn:uuid:aa543740-bdda-424e-8c96-df4873be8500";

        /// <summary>uniqueId external identifier.</summary>
        public const string UniqueId = "urn:uuid:96fdda7c-d067-4183-912e-bf5ee74998a8";

        /// <summary>sourceId external identifier.</summary>
        public const string SourceId = "urn:uuid:554ac39e-e3fe-47fe-b233-965d2a147832";

        /// <summary>patientId external identifier.</summary>
        public const string PatientId = "urn:uuid:6b5aea1a-874d-4603-a4bc-96a0a7b38446";
    }
}

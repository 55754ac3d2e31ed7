/// The service provider's metadata for an IdP administrator to import: entity id, ACS URL, NameID formats.
public enum SAMLServiceProviderMetadata {
    public static func xml(entityID: String, acsURL: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <md:EntityDescriptor xmlns:md="\(SAMLNamespace.metadata)" entityID="\(entityID.xmlEscaped)">
          <md:SPSSODescriptor AuthnRequestsSigned="false" WantAssertionsSigned="true" protocolSupportEnumeration="\(SAMLNamespace.protocol_)">
            <md:NameIDFormat>\(SAMLNamespace.nameIDEmail)</md:NameIDFormat>
            <md:NameIDFormat>\(SAMLNamespace.nameIDUnspecified)</md:NameIDFormat>
            <md:AssertionConsumerService Binding="\(SAMLNamespace.bindingPOST)" Location="\(acsURL.xmlEscaped)" index="0" isDefault="true"/>
          </md:SPSSODescriptor>
        </md:EntityDescriptor>

        """
    }
}

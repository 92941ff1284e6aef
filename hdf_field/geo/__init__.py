"""Offline geography: the gazetteer of Hauts-de-France communes, geocoding, Belgian postcodes."""

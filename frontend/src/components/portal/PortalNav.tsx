export { NavLinks as PortalNav } from "@/components/NavLinks";

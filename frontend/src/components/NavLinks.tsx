"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

export function NavLinks({ links }: { links: { title: string; path: string }[] }) {
  const pathname = usePathname();
  return (
    <ul className="nav-list">
      {links.map((link) => (
        <li key={link.path}>
          <Link href={link.path} aria-current={pathname === link.path ? "page" : undefined}>
            {link.title}
          </Link>
        </li>
      ))}
    </ul>
  );
}
